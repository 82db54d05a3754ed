// Authentication and authorization for every route (product rules: every endpoint authenticated, no
// auth → 401). Runs in onRequest, before the body is read or validated, so an anonymous caller learns
// nothing about a route but "log in". Credentials, in order: `Authorization: Bearer <api token>` (a
// source), then the kassabox_session cookie (a person). An Authorization header that does not hold a
// valid token is refused even when a cookie is present: explicit credentials are never second-guessed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { type AccessPolicy, accessKey, type RouteAccess } from './access-policy.ts';
import { forbidden, unauthenticated } from './errors.ts';
import type { Principal } from './principal.ts';

export const SESSION_COOKIE = 'kassabox_session';

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
    // Unknown URLs have no policy; they answer 404 through the not-found handler.
    if (access === undefined || access.public === true) return;
    const principal = identify(request, deps);
    request.principal = principal;
    if (principal.kind === 'source' && !access.sources) {
      throw forbidden('API tokens may only be used for the payment routes.');
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
    const token = deps.auth.apiTokens.authenticate(match[1]!);
    if (token === undefined) throw unauthenticated('The API token is unknown or has been revoked.');
    return { kind: 'source', sourceId: token.sourceId, tokenId: token.id, tokenName: token.name };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie === undefined || cookie === '') throw unauthenticated();
  const live = deps.auth.sessions.authenticate(cookie);
  if (live === undefined) throw unauthenticated('The session has expired or was ended; log in again.');
  return {
    kind: 'user',
    user: { id: live.user.id, username: live.user.username, role: live.user.role },
    sessionId: live.session.id,
  };
}
