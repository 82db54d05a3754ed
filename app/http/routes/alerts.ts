// Alerts (docs/api.md "Alerts"): the list and one alert with its history for everyone but cashiers,
// acknowledging for admins and technicians (audited), the thresholds readable by the same readers and
// changed by admins (audited).
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { notFound } from '../errors.ts';
import { auditContext } from '../principal.ts';
import {
  AcknowledgeBody,
  AlertDetail,
  AlertList,
  AlertListQuery,
  AlertSchema,
  AlertThresholdsPatch,
  AlertThresholdsSchema,
  alertEventJson,
  alertJson,
  thresholdsJson,
  thresholdsPatch,
} from '../schemas/alerts.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';

const tags = ['alerts'];

export const alertRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: 'Alerts, newest first: active (default), cleared or all',
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const alerts = deps.alerts.list({
        state: q.state ?? 'active',
        registerId: q.register_id,
        beforeId: q.before_id,
        limit: q.limit ?? 100,
      });
      return { items: alerts.map(alertJson) };
    },
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        tags,
        summary: 'One alert with its history (raised, updated, cleared, acknowledged)',
        params: IdParams,
        response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = deps.alerts.get(request.params.id);
      if (!found) throw notFound('alert', request.params.id);
      return { ...alertJson(found.alert), events: found.events.map(alertEventJson) };
    },
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge an alert: someone is on it (it stays active while its condition holds)',
        params: IdParams,
        body: AcknowledgeBody,
        response: { 200: AlertSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const comment = request.body?.comment?.trim() || null;
      return alertJson(deps.alerts.acknowledge(request.params.id, auditContext(request), comment));
    },
  );

  app.get(
    '/alert-thresholds',
    {
      schema: {
        tags,
        summary: 'The figures the alert rules compare against',
        response: { 200: AlertThresholdsSchema, ...errorResponses(401, 403) },
      },
    },
    async () => thresholdsJson(deps.alertThresholds.read()),
  );

  app.patch(
    '/alert-thresholds',
    {
      schema: {
        tags,
        summary: 'Change alert thresholds (the next evaluation uses them)',
        body: AlertThresholdsPatch,
        response: { 200: AlertThresholdsSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const updated = deps.alertThresholds.update(thresholdsPatch(request.body), auditContext(request));
      // Re-judge at once so a person sees the effect of the change without waiting for the timer.
      deps.alerts.evaluateNow();
      return thresholdsJson(updated);
    },
  );
};
