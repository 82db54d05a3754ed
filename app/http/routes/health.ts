// Liveness for load balancers, monitoring and `make run` (no authentication: it reveals nothing).
import { Type } from 'typebox';
import type { ApiInstance, RouteModule } from '../api-types.ts';

export const Health = Type.Object({
  status: Type.Enum(['ok']),
  version: Type.String(),
  uptime_s: Type.Integer({ description: 'Seconds since the server started' }),
});

export const healthRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Is the server up', security: [], response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
      version: deps.version,
      uptime_s: Math.floor((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
    }),
  );
};
