// Logging in and out, the current user, their password and their sessions (issue 2 "HTTP API", issue 3
// "Access"). The session token lives only in an HttpOnly, SameSite=Strict cookie; answers show the
// session id (its SHA-256).
import { Type } from 'typebox';
import { csrfTokenFor } from '../../auth/csrf.ts';
import type { Credential } from '../../auth/login.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { SESSION_COOKIE, sessionToken } from '../authenticate.ts';
import { invalidFields } from '../errors.ts';
import { auditContext, requireUser } from '../principal.ts';
import {
  LoginAnswer,
  LoginBody,
  type LoginBodyJson,
  MeAnswer,
  PasswordChangeBody,
  SessionList,
  SessionParams,
  sessionJson,
  userJson,
} from '../schemas/auth.ts';
import { errorResponses } from '../schemas/common.ts';
import { loggedIn } from '../session-cookie.ts';

const tags = ['auth'];

export const authRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary:
          'Log in with a username and a password (or a cashier’s PIN); sets the kassabox_session cookie',
        security: [],
        body: LoginBody,
        response: { 200: LoginAnswer, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const client = { userAgent: request.headers['user-agent'] ?? null, ip: request.ip };
      const result = await deps.auth.login.login(request.body.username, credentialOf(request.body), client);
      return loggedIn(request, reply, deps, result);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the current session',
        response: { 204: Type.Null(), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      deps.auth.login.endSession(
        principal.user.id,
        principal.sessionId,
        auditContext(request),
        'auth.logout',
      );
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags,
        summary: 'The logged-in user and the CSRF token of this session',
        response: { 200: MeAnswer, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      // requireUser succeeded, so the request came with a session cookie.
      return {
        user: userJson(deps.users.get(principal.user.id)),
        csrf_token: csrfTokenFor(sessionToken(request)!),
      };
    },
  );

  app.put(
    '/auth/password',
    {
      schema: {
        tags,
        summary: 'Change your own password; your other sessions end',
        body: PasswordChangeBody,
        response: {
          200: Type.Object({ other_sessions_ended: Type.Integer() }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const ended = await deps.auth.ownPassword.change(
        principal.user.id,
        principal.sessionId,
        { current: request.body.current_password, next: request.body.new_password },
        auditContext(request),
      );
      return { other_sessions_ended: ended };
    },
  );

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags,
        summary: 'Live sessions of the logged-in user',
        response: { 200: SessionList, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const sessions = deps.auth.sessions.listActive(principal.user.id);
      return { items: sessions.map((s) => sessionJson(s, principal.sessionId)) };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags,
        summary: 'End one of your sessions (e.g. a browser left logged in elsewhere)',
        params: SessionParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      deps.auth.login.endSession(principal.user.id, request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );
};

/** Exactly one of password and PIN; the schema alone cannot say "one of" with readable errors. */
function credentialOf(body: LoginBodyJson): Credential {
  if (body.password !== undefined && body.pin === undefined) return { password: body.password };
  if (body.pin !== undefined && body.password === undefined) return { pin: body.pin };
  const message =
    body.pin === undefined ? 'is required (or pin, for a cashier)' : 'and pin cannot both be sent';
  throw invalidFields([{ path: '/password', location: 'body', message }]);
}
