// First run in the browser (issue 3 "Access"): public while the box has no user, then closed for good.
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { LoginAnswer, SetupBody, SetupState } from '../schemas/auth.ts';
import { errorResponses } from '../schemas/common.ts';
import { loggedIn } from '../session-cookie.ts';

const tags = ['auth'];

export const setupRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/setup',
    {
      schema: {
        tags,
        summary: 'Whether the box still needs its first admin',
        security: [],
        response: { 200: SetupState },
      },
    },
    async () => ({ needs_admin: deps.auth.setup.needsAdmin() }),
  );

  app.post(
    '/setup',
    {
      schema: {
        tags,
        summary: 'Create the first admin and log them in (only while no user exists)',
        security: [],
        body: SetupBody,
        response: { 201: LoginAnswer, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const client = { userAgent: request.headers['user-agent'] ?? null, ip: request.ip };
      const result = await deps.auth.setup.createAdmin(request.body.username, request.body.password, client);
      return reply.status(201).send(loggedIn(request, reply, deps, result));
    },
  );
};
