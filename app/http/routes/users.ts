// People and their access, for admins (issue 3 "Access"; docs/api.md "Users").
// The rules (last admin, cashier-only PIN and registers, sessions ended on changes) are in UserService.
import { Type } from 'typebox';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext, requireUser } from '../principal.ts';
import { sessionJson, User, userJson } from '../schemas/auth.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import { SessionsEnded, UserCreate, UserList, UserPatch, UserSessionList } from '../schemas/users.ts';

const tags = ['users'];

export const userRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.users;

  app.get(
    '/users',
    { schema: { tags, summary: 'List users', response: { 200: UserList, ...errorResponses(401, 403) } } },
    async () => ({ items: service.list().map(userJson) }),
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Get a user',
        params: IdParams,
        response: { 200: User, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => userJson(service.get(request.params.id)),
  );

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user',
        body: UserCreate,
        response: { 201: User, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await service.create(
        {
          username: body.username,
          role: body.role,
          password: body.password,
          ...(body.display_name === undefined ? {} : { displayName: body.display_name }),
          ...(body.register_ids === undefined ? {} : { registerIds: body.register_ids }),
          ...(body.pin === undefined ? {} : { pin: body.pin }),
        },
        auditContext(request),
      );
      return reply.status(201).send(userJson(created));
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user; a new role, password or disabling ends their sessions',
        params: IdParams,
        body: UserPatch,
        response: { 200: User, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const body = request.body;
      const updated = await service.update(
        request.params.id,
        {
          ...(body.role === undefined ? {} : { role: body.role }),
          ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
          ...(body.display_name === undefined ? {} : { displayName: body.display_name }),
          ...(body.register_ids === undefined ? {} : { registerIds: body.register_ids }),
          ...(body.password === undefined ? {} : { password: body.password }),
          ...(body.pin === undefined ? {} : { pin: body.pin }),
        },
        auditContext(request),
        requireUser(request).sessionId,
      );
      return userJson(updated);
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      schema: {
        tags,
        summary: 'Lift a lockout after failed logins',
        params: IdParams,
        response: { 200: User, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => userJson(service.unlock(request.params.id, auditContext(request))),
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Remove a user (the audit trail keeps what they did)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      service.delete(request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:id/sessions',
    {
      schema: {
        tags,
        summary: 'Live sessions of a user',
        params: IdParams,
        response: { 200: UserSessionList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const current = requireUser(request).sessionId;
      return { items: service.sessions(request.params.id).map((s) => sessionJson(s, current)) };
    },
  );

  app.delete(
    '/users/:id/sessions',
    {
      schema: {
        tags,
        summary: 'End every session of a user',
        params: IdParams,
        response: { 200: SessionsEnded, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ ended: service.revokeSessions(request.params.id, auditContext(request)) }),
  );
};
