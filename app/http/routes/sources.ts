// CRUD of sources and their API tokens (issue 2 "HTTP API"). A token is returned once, when issued;
// lists show only its prefix.
import { Type } from 'typebox';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  ApiToken,
  ApiTokenList,
  apiTokenJson,
  IssuedApiToken,
  SOURCE_DEFAULTS,
  Source,
  SourceCreate,
  SourceList,
  SourcePatch,
  sourceJson,
  TokenCreate,
  TokenParams,
} from '../schemas/source.ts';

const tags = ['sources'];

export const sourceRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.sources;
  const tokens = deps.auth.apiTokens;

  app.get(
    '/sources',
    { schema: { tags, summary: 'List sources', response: { 200: SourceList, ...errorResponses(401, 403) } } },
    async () => ({ items: service.list().map(sourceJson) }),
  );

  app.get(
    '/sources/:id',
    {
      schema: {
        tags,
        summary: 'Get a source',
        params: IdParams,
        response: { 200: Source, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => sourceJson(service.get(request.params.id)),
  );

  app.post(
    '/sources',
    {
      schema: {
        tags,
        summary: 'Create a source',
        body: SourceCreate,
        response: { 201: Source, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = service.create(
        {
          organizationId: body.organization_id,
          name: body.name,
          kind: body.kind ?? SOURCE_DEFAULTS.kind,
          itemName: body.item_name ?? SOURCE_DEFAULTS.itemName,
          paymentMethod: body.payment_method ?? SOURCE_DEFAULTS.paymentMethod,
          paymentObject: body.payment_object ?? SOURCE_DEFAULTS.paymentObject,
          vat: body.vat ?? SOURCE_DEFAULTS.vat,
        },
        auditContext(request),
      );
      return reply.status(201).send(sourceJson(created));
    },
  );

  app.patch(
    '/sources/:id',
    {
      schema: {
        tags,
        summary: 'Change a source (only the fields sent; the organization and kind are fixed)',
        params: IdParams,
        body: SourcePatch,
        response: { 200: Source, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const body = request.body;
      const patch = {
        name: body.name,
        itemName: body.item_name,
        paymentMethod: body.payment_method,
        paymentObject: body.payment_object,
        vat: body.vat,
      };
      return sourceJson(service.update(request.params.id, patch, auditContext(request)));
    },
  );

  app.delete(
    '/sources/:id',
    {
      schema: {
        tags,
        summary: 'Remove a source that has no payments (its tokens go with it)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      service.remove(request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/sources/:id/tokens',
    {
      schema: {
        tags,
        summary: 'List the API tokens of a source (never the secrets)',
        params: IdParams,
        response: { 200: ApiTokenList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: tokens.list(request.params.id).map(apiTokenJson) }),
  );

  app.post(
    '/sources/:id/tokens',
    {
      schema: {
        tags,
        summary: 'Issue an API token for a source; the token is in this answer only',
        params: IdParams,
        body: TokenCreate,
        response: { 201: IssuedApiToken, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const issued = tokens.issue(request.params.id, request.body.name, auditContext(request));
      // The secret must not be cached by anything between the box and the operator.
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ ...apiTokenJson(issued.record), token: issued.token });
    },
  );

  app.delete(
    '/sources/:id/tokens/:tokenId',
    {
      schema: {
        tags,
        summary: 'Revoke an API token; the next request with it gets 401',
        params: TokenParams,
        response: { 200: ApiToken, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      apiTokenJson(tokens.revoke(request.params.id, request.params.tokenId, auditContext(request))),
  );
};
