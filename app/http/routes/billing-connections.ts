// Billing connections (docs/api.md "Billing connections"): how the box reaches a billing for channels
// and pollers. Staff read them, admins change them, a technician may check an account through one.
// The rules (per-kind settings, secrets kept out of answers and the audit) are in BillingConnectionService.
import { Type } from 'typebox';
import type { BillingConnectionPatch } from '../../billing/billing-connection-service.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import {
  BillingCheck,
  BillingCheckAnswer,
  BillingConnection,
  BillingConnectionCreate,
  BillingConnectionList,
  BillingConnectionPatch as BillingConnectionPatchSchema,
  billingCheckJson,
  billingConnectionJson,
} from '../schemas/billing-connection.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';

const tags = ['billing connections'];

export const billingConnectionRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.billing.service;

  app.get(
    '/billing-connections',
    {
      schema: {
        tags,
        summary: 'List billing connections (secrets only by name)',
        response: { 200: BillingConnectionList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: service.list().map(billingConnectionJson) }),
  );

  app.get(
    '/billing-connections/:id',
    {
      schema: {
        tags,
        summary: 'Get a billing connection (secrets only by name)',
        params: IdParams,
        response: { 200: BillingConnection, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => billingConnectionJson(service.get(request.params.id)),
  );

  app.post(
    '/billing-connections',
    {
      schema: {
        tags,
        summary: "Create a billing connection; settings and secrets are checked by the kind's schema",
        body: BillingConnectionCreate,
        response: { 201: BillingConnection, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { name, kind, settings, secrets } = request.body;
      const created = service.create(
        { name, kind, settings, ...(secrets === undefined ? {} : { secrets }) },
        auditContext(request),
      );
      return reply.status(201).send(billingConnectionJson(created));
    },
  );

  app.patch(
    '/billing-connections/:id',
    {
      schema: {
        tags,
        summary: 'Change a billing connection (settings as a whole; a secret given replaces the stored one)',
        params: IdParams,
        body: BillingConnectionPatchSchema,
        response: { 200: BillingConnection, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const body = request.body;
      const patch: BillingConnectionPatch = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.settings !== undefined) patch.settings = body.settings;
      if (body.secrets !== undefined) patch.secrets = body.secrets;
      return billingConnectionJson(service.update(request.params.id, patch, auditContext(request)));
    },
  );

  app.delete(
    '/billing-connections/:id',
    {
      schema: {
        tags,
        summary: 'Remove a billing connection (in_use while a channel or poller uses it)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      service.remove(request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/billing-connections/:id/check',
    {
      schema: {
        tags,
        summary:
          'Ask the billing whether it knows an account (ok false with a message when it cannot be asked)',
        params: IdParams,
        body: BillingCheck,
        response: { 200: BillingCheckAnswer, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => billingCheckJson(await deps.billing.check(request.params.id, request.body.account)),
  );
};
