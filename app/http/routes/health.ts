// Liveness for load balancers, monitoring and `make run` (no authentication: it reveals nothing).
import { Type } from 'typebox';
import type { AppDeps } from '../../deps.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';

export const Health = Type.Object({
  status: Type.Enum(['ok', 'degraded'], { description: 'degraded: the receipt journal failed verification' }),
  journal: Type.Enum(['ok', 'broken', 'unchecked'], {
    description: 'Result of the last journal verification',
  }),
  version: Type.String(),
  uptime_s: Type.Integer({ description: 'Seconds since the server started' }),
});

function journalState(deps: AppDeps): 'ok' | 'broken' | 'unchecked' {
  const last = deps.journal.last;
  if (!last) return 'unchecked';
  return last.verdict.ok ? 'ok' : 'broken';
}

export const healthRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Is the server up', security: [], response: { 200: Health } } },
    async () => ({
      status: deps.journal.last?.verdict.ok === false ? ('degraded' as const) : ('ok' as const),
      journal: journalState(deps),
      version: deps.version,
      uptime_s: Math.floor((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
    }),
  );
};
