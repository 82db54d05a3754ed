// The web UI (ui/build, a SvelteKit static SPA) served by the same fastify as the API, so the box has one
// port, one certificate and one origin (no CORS). Files come from @fastify/static; any other GET outside
// /api is a client-side route and gets index.html, which the SPA router then resolves. The build holds no
// data, so it is public; everything it shows comes from the authenticated API.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const UI_NOT_BUILT_MESSAGE = 'The KassaBox web UI is not built: run make ui, then restart KassaBox.\n';

// Vite names everything under _app/immutable by its content hash: a new build means new names, so a
// browser may keep these for a year. index.html names the current hashes and must be revalidated.
const IMMUTABLE_ASSETS = '_app/immutable/';
const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
const CACHE_REVALIDATE = 'no-cache';

/** The access-policy keys of @fastify/static's wildcard route (both methods share one route). */
export const UI_ROUTE_KEYS = ['GET /*', 'HEAD /*'] as const;

/** Answers a request no route took; undefined leaves it to the API's JSON 404. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

export interface StaticUi {
  /** Whether index.html was found when the app was built. */
  readonly built: boolean;
  /** Registers the file routes (GET and HEAD /*) when the UI is built. */
  install(app: FastifyInstance): Promise<void>;
  /** The SPA fallback for the app's not-found handler. */
  notFound: NotFoundFallback;
}

export function staticUi(uiDir: string): StaticUi {
  // Checked once: a server started before `make ui` says so until it is restarted, rather than serving
  // an index.html whose assets appeared half-way.
  const built = existsSync(join(uiDir, 'index.html'));

  const install = async (app: FastifyInstance) => {
    if (!built) return;
    await app.register(fastifyStatic, {
      root: uiDir,
      wildcard: true,
      // Our own Cache-Control per file (setHeaders), not send's default max-age=0.
      cacheControl: false,
      dotfiles: 'ignore',
      setHeaders: (reply, path) => {
        reply.header('cache-control', cacheControlFor(relative(uiDir, path).split(sep).join('/')));
      },
    });
  };

  const notFound: NotFoundFallback = (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const path = request.url.split('?')[0] ?? '';
    if (isApiPath(path)) return undefined;
    if (!built) {
      return reply
        .status(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(UI_NOT_BUILT_MESSAGE);
    }
    // A missing script or image stays a 404: index.html in its place only hides a broken build.
    if (!isClientRoute(path)) return undefined;
    return reply.sendFile('index.html');
  };

  return { built, install, notFound };
}

/** The headers every answer carries, API and UI alike. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // No page of the box belongs in a frame (clickjacking the cash desk or the user list).
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });
}

/** filePath is relative to the UI folder, with forward slashes. */
function cacheControlFor(filePath: string): string {
  return filePath.startsWith(IMMUTABLE_ASSETS) ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** A URL the SPA router owns: not an asset folder, and no file extension in its last segment. */
function isClientRoute(path: string): boolean {
  if (path.startsWith('/_app/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}
