// Results back (docs/api.md "Results back"): where a source's results go (its signed callback, a mark
// in its billing), the delivery log, and retry by hand. The callback secret is write-only.
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  ResultDelivery,
  ResultDeliveryList,
  ResultDeliveryQuery,
  ResultTarget,
  ResultTargetPut,
  resultDeliveryJson,
  resultTargetJson,
} from '../schemas/result.ts';

const tags = ['results back'];

export const resultDeliveryRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.results.service;

  app.get(
    '/sources/:id/result-target',
    {
      schema: {
        tags,
        summary: "Where the source's results go back (the secret never shown)",
        params: IdParams,
        response: { 200: ResultTarget, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => resultTargetJson(request.params.id, service.target(request.params.id)),
  );

  app.put(
    '/sources/:id/result-target',
    {
      schema: {
        tags,
        summary: "Set where the source's results go back (callback_secret left out keeps the stored one)",
        params: IdParams,
        body: ResultTargetPut,
        response: { 200: ResultTarget, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const body = request.body;
      const row = service.putTarget(
        request.params.id,
        {
          callbackUrl: body.callback_url,
          markInBilling: body.mark_in_billing,
          ...(body.callback_secret === undefined ? {} : { callbackSecret: body.callback_secret }),
        },
        auditContext(request),
      );
      return resultTargetJson(request.params.id, row);
    },
  );

  app.get(
    '/result-deliveries',
    {
      schema: {
        tags,
        summary: 'Result deliveries (callbacks, billing marks, ATOL callbacks), newest first',
        querystring: ResultDeliveryQuery,
        response: { 200: ResultDeliveryList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const items = service.deliveries({
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.payment_id === undefined ? {} : { paymentId: query.payment_id }),
        limit: query.limit ?? 100,
      });
      return { items: items.map(resultDeliveryJson) };
    },
  );

  app.post(
    '/result-deliveries/:id/retry',
    {
      schema: {
        tags,
        summary: 'Try a pending or failed delivery again now, with a fresh day of attempts',
        params: IdParams,
        response: { 200: ResultDelivery, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => resultDeliveryJson(service.retry(request.params.id, auditContext(request))),
  );
};
