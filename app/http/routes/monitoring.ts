// GET /metrics for Prometheus and the monitoring tokens that scrapers present to read it (issue 4
// "Prometheus"; docs/api.md "Metrics", "Monitoring tokens"). A token is returned once, when issued.
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  IssuedMonitoringToken,
  MonitoringToken,
  MonitoringTokenCreate,
  MonitoringTokenList,
  monitoringTokenJson,
} from '../schemas/monitoring.ts';

const tags = ['monitoring'];

export const monitoringRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const tokens = deps.auth.monitoringTokens;

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'The box in the Prometheus text format (a monitoring token, or a session but a cashier’s)',
        description:
          'text/plain; version=0.0.4. Box, register and alert figures read when scraped, plus the ' +
          'process metrics of Node (docs/monitoring.md lists every metric).',
        security: [{ monitoringToken: [] }, { session: [] }],
        response: errorResponses(401, 403),
      },
    },
    async (_request, reply) => {
      const text = await deps.metrics.render();
      // Figures of this instant: a proxy must not answer the next scrape from its cache.
      return reply.header('cache-control', 'no-store').type(deps.metrics.contentType).send(text);
    },
  );

  app.get(
    '/monitoring-tokens',
    {
      schema: {
        tags,
        summary: 'List the monitoring tokens (never the secrets)',
        response: { 200: MonitoringTokenList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: tokens.list().map(monitoringTokenJson) }),
  );

  app.post(
    '/monitoring-tokens',
    {
      schema: {
        tags,
        summary: 'Issue a monitoring token for a scraper; the token is in this answer only',
        body: MonitoringTokenCreate,
        response: { 201: IssuedMonitoringToken, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const issued = tokens.issue(request.body.name, auditContext(request));
      // The secret must not be cached by anything between the box and the admin.
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ ...monitoringTokenJson(issued.record), token: issued.token });
    },
  );

  app.delete(
    '/monitoring-tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a monitoring token; the next scrape with it gets 401',
        params: IdParams,
        response: { 200: MonitoringToken, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => monitoringTokenJson(tokens.revoke(request.params.id, auditContext(request))),
  );
};
