// Authentication and authorization for every route (product rules: every endpoint authenticated, no
// auth → 401). Runs in onRequest, before the body is read or validated, so an anonymous caller learns
// nothing about a route but "log in". Credentials, in order: `Authorization: Bearer <token>` (a
// source's kbx_ API token, or a scraper's kbm_ monitoring token), then the kassabox_session cookie (a
// person). An Authorization header that does not hold a valid token is refused even when a cookie is
// present: explicit credentials are never second-guessed.
// An unsafe request authenticated by the cookie must carry the session's X-CSRF-Token (auth/csrf.ts);
// a Bearer token is never sent by a browser on its own, so token requests need none.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, csrfTokenMatches } from '../auth/csrf.ts';
import { MONITORING_TOKEN_PREFIX } from '../auth/monitoring-tokens.ts';
import type { AppDeps } from '../deps.ts';
import { type AccessPolicy, accessKey, type RouteAccess } from './access-policy.ts';
import { ApiError, forbidden, unauthenticated } from './errors.ts';
import type { Principal } from './principal.ts';

export const SESSION_COOKIE = 'kassabox_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Copied from the access policy when the route is registered. */
    access?: RouteAccess;
  }
}

export function installAuthentication(app: FastifyInstance, deps: AppDeps, policy: AccessPolicy): void {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const entries = methods.map((method) => policy[accessKey(method, route.url)]);
    const access = entries[0];
    if (access === undefined || entries.some((entry) => entry !== access)) {
      throw new Error(
        `No access policy for ${methods.map((m) => accessKey(m, route.url)).join(', ')}: ` +
          'add it to ACCESS_POLICY in app/http/access-policy.ts',
      );
    }
    route.config = { ...route.config, access };
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // Unknown URLs have no policy; they answer 404 through the not-found handler. A protocol route
    // authenticates its caller itself, in its own protocol (access-policy.ts).
    if (access === undefined || 'protocol' in access || access.public === true) return;
    const principal = identify(request, deps);
    request.principal = principal;
    if (principal.kind === 'user' && !SAFE_METHODS.has(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      if (!csrfTokenMatches(sessionToken(request)!, typeof presented === 'string' ? presented : undefined)) {
        throw new ApiError(
          'csrf_failed',
          'The X-CSRF-Token header is missing or does not belong to this session; reload the page.',
        );
      }
    }
    if (principal.kind === 'source' && !access.sources) {
      throw forbidden('API tokens may only be used for the payment routes.');
    }
    if (principal.kind === 'monitoring' && access.monitoring !== true) {
      throw forbidden('Monitoring tokens may only read GET /metrics.');
    }
    if (principal.kind === 'user' && !access.roles.includes(principal.user.role)) {
      throw forbidden(`This route needs the role ${access.roles.join(' or ')}.`);
    }
  });
}

function identify(request: FastifyRequest, deps: AppDeps): Principal {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer +(\S+)\s*$/i.exec(header);
    if (match === null) throw unauthenticated('The Authorization header must be "Bearer <api token>".');
    if (match[1]!.startsWith(MONITORING_TOKEN_PREFIX)) {
      const scraper = deps.auth.monitoringTokens.authenticate(match[1]!);
      if (scraper === undefined) {
        throw unauthenticated('The monitoring token is unknown or has been revoked.');
      }
      return { kind: 'monitoring', tokenId: scraper.id, tokenName: scraper.name };
    }
    const token = deps.auth.apiTokens.authenticate(match[1]!);
    if (token === undefined) throw unauthenticated('The API token is unknown or has been revoked.');
    return { kind: 'source', sourceId: token.sourceId, tokenId: token.id, tokenName: token.name };
  }
  const cookie = sessionToken(request);
  if (cookie === undefined) throw unauthenticated();
  const live = deps.auth.sessions.authenticate(cookie);
  if (live === undefined) throw unauthenticated('The session has expired or was ended; log in again.');
  return {
    kind: 'user',
    user: { id: live.user.id, username: live.user.username, role: live.user.role },
    sessionId: live.session.id,
  };
}

/** The session token from the request's cookie, if there is one. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie === undefined || cookie === '' ? undefined : cookie;
}
