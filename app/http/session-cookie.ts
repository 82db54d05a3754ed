// The answer to a successful login or first-run setup: the session token goes into an HttpOnly,
// SameSite=Strict cookie (never into the body), the body carries the user, the session (its id is the
// token's SHA-256) and the CSRF token the page must send with every change.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor } from '../auth/csrf.ts';
import type { LoginResult } from '../auth/login.ts';
import { MAX_LIFETIME_MS } from '../auth/sessions.ts';
import type { AppDeps } from '../deps.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { type LoginAnswerJson, sessionJson, userJson } from './schemas/auth.ts';

export function loggedIn(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Pick<AppDeps, 'users'>,
  { token, session, user }: LoginResult,
): LoginAnswerJson {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    // Behind HTTPS the cookie must never travel in clear text; plain HTTP on the LAN is the dev default.
    secure: request.protocol === 'https',
    maxAge: MAX_LIFETIME_MS / 1000,
  });
  return {
    user: userJson(deps.users.get(user.id)),
    session: sessionJson(session, session.id),
    csrf_token: csrfTokenFor(token),
  };
}
