// Billing pollers (registrar mode, docs/api.md "Billing pollers"): list, create, change, remove, and
// poll now. The rules (one poller per source, only pollable billings, audit) are in PollerService.
import { Type } from 'typebox';
import type { PollerPatch as ServicePatch } from '../../pollers/poller-service.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  Poller,
  PollerCreate,
  PollerList,
  PollerPatch,
  type PollerPatchBody,
  PollerRunAnswer,
  pollerJson,
} from '../schemas/poller.ts';

const tags = ['billing pollers'];

function patchOf(body: PollerPatchBody): ServicePatch {
  const patch: ServicePatch = {};
  if (body.billing_connection_id !== undefined) patch.billingConnectionId = body.billing_connection_id;
  if (body.interval_seconds !== undefined) patch.intervalSeconds = body.interval_seconds;
  if (body.filter !== undefined) patch.filter = body.filter;
  if (body.enabled !== undefined) patch.enabled = body.enabled;
  if (body.cursor !== undefined) patch.cursor = body.cursor;
  return patch;
}

export const billingPollerRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.pollers.service;

  app.get(
    '/billing-pollers',
    {
      schema: {
        tags,
        summary: 'List billing pollers',
        response: { 200: PollerList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: service.list().map(pollerJson) }),
  );

  app.get(
    '/billing-pollers/:id',
    {
      schema: {
        tags,
        summary: 'Get a billing poller',
        params: IdParams,
        response: { 200: Poller, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => pollerJson(service.get(request.params.id)),
  );

  app.post(
    '/billing-pollers',
    {
      schema: {
        tags,
        summary: 'Create a billing poller (one per source)',
        body: PollerCreate,
        response: { 201: Poller, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = service.create(
        {
          sourceId: body.source_id,
          billingConnectionId: body.billing_connection_id,
          ...(body.interval_seconds === undefined ? {} : { intervalSeconds: body.interval_seconds }),
          ...(body.filter === undefined ? {} : { filter: body.filter }),
          ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
          ...(body.cursor === undefined ? {} : { cursor: body.cursor }),
        },
        auditContext(request),
      );
      return reply.status(201).send(pollerJson(created));
    },
  );

  app.patch(
    '/billing-pollers/:id',
    {
      schema: {
        tags,
        summary: 'Change a billing poller (only the fields sent; cursor null polls from the start)',
        params: IdParams,
        body: PollerPatch,
        response: { 200: Poller, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      pollerJson(service.update(request.params.id, patchOf(request.body), auditContext(request))),
  );

  app.delete(
    '/billing-pollers/:id',
    {
      schema: {
        tags,
        summary: 'Remove a billing poller (payments it accepted stay)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      service.remove(request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/billing-pollers/:id/run',
    {
      schema: {
        tags,
        summary: 'Poll the billing now and answer the outcome (a billing failure is in `error`)',
        params: IdParams,
        response: { 200: PollerRunAnswer, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.run(request.params.id, auditContext(request)),
  );
};
