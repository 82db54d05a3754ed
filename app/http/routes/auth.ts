// Logging in and out, the current user and their sessions (issue 2 "HTTP API"). The session token
// lives only in an HttpOnly, SameSite=Strict cookie; answers show the session id (its SHA-256).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { csrfTokenFor } from '../../auth/csrf.ts';
import { MAX_LIFETIME_MS } from '../../auth/sessions.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { SESSION_COOKIE, sessionToken } from '../authenticate.ts';
import { notFound } from '../errors.ts';
import { auditContext, requireUser } from '../principal.ts';
import {
  LoginAnswer,
  LoginBody,
  MeAnswer,
  SessionList,
  SessionParams,
  sessionJson,
  userJson,
} from '../schemas/auth.ts';
import { errorResponses } from '../schemas/common.ts';

const tags = ['auth'];

export const authRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with a username and password; sets the kassabox_session cookie',
        security: [],
        body: LoginBody,
        response: { 200: LoginAnswer, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const client = { userAgent: request.headers['user-agent'] ?? null, ip: request.ip };
      const { token, session, user } = await deps.auth.login.login(
        request.body.username,
        request.body.password,
        client,
      );
      setSessionCookie(request, reply, token);
      return {
        user: userJson(user),
        session: sessionJson(session, session.id),
        csrf_token: csrfTokenFor(token),
      };
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
      const user = deps.auth.login.getUser(principal.user.id);
      if (user === undefined) throw notFound('user', principal.user.id);
      // requireUser succeeded, so the request came with a session cookie.
      return { user: userJson(user), csrf_token: csrfTokenFor(sessionToken(request)!) };
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

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    // Behind HTTPS the cookie must never travel in clear text; plain HTTP on the LAN is the dev default.
    secure: request.protocol === 'https',
    maxAge: MAX_LIFETIME_MS / 1000,
  });
}
