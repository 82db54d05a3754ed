// The channels API (docs/api.md "Payment channels"): CRUD of translator-mode channels, their
// transactions, and sending a payment the billing refused back to it. Secrets are write-only.
import { Type } from 'typebox';
import type { ChannelChange } from '../../channels/channel-admin.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import {
  Channel,
  ChannelCreate,
  ChannelList,
  ChannelPatch,
  ChannelTxn,
  ChannelTxnList,
  ChannelTxnParams,
  ChannelTxnQuery,
  channelJson,
  channelTxnJson,
} from '../schemas/channel.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';

const tags = ['channels'];

export const channelRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const admin = deps.channels.admin;

  app.get(
    '/channels',
    {
      schema: {
        tags,
        summary: 'List payment channels',
        response: { 200: ChannelList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: admin.list().map(channelJson) }),
  );

  app.get(
    '/channels/:id',
    {
      schema: {
        tags,
        summary: 'Get a payment channel',
        params: IdParams,
        response: { 200: Channel, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => channelJson(admin.get(request.params.id)),
  );

  app.post(
    '/channels',
    {
      schema: {
        tags,
        summary: 'Create a payment channel (answers at /channel/<slug>)',
        body: ChannelCreate,
        response: { 201: Channel, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await admin.create(
        { sourceId: body.source_id, slug: body.slug, protocol: body.protocol, ...change(body) },
        auditContext(request),
      );
      return reply.status(201).send(channelJson(created));
    },
  );

  app.patch(
    '/channels/:id',
    {
      schema: {
        tags,
        summary: 'Change a payment channel (only the fields sent; a secret sent replaces the stored one)',
        params: IdParams,
        body: ChannelPatch,
        response: { 200: Channel, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      channelJson(await admin.update(request.params.id, change(request.body), auditContext(request))),
  );

  app.delete(
    '/channels/:id',
    {
      schema: {
        tags,
        summary: 'Remove a channel that has no transactions',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      admin.remove(request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/channels/:id/transactions',
    {
      schema: {
        tags,
        summary: "The channel's transactions, newest first",
        params: IdParams,
        querystring: ChannelTxnQuery,
        response: { 200: ChannelTxnList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: admin
        .transactions(request.params.id, {
          limit: request.query.limit ?? 100,
          beforeId: request.query.before_id,
          state: request.query.state,
        })
        .map(channelTxnJson),
    }),
  );

  app.post(
    '/channels/:id/transactions/:txnId/retry',
    {
      schema: {
        tags,
        summary: 'Post a taken payment the billing refused to the billing again (after fixing it there)',
        params: ChannelTxnParams,
        response: { 200: ChannelTxn, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      channelTxnJson(admin.retryTransaction(request.params.id, request.params.txnId, auditContext(request))),
  );
};

function change(body: {
  slug?: string;
  billing_connection_id?: number | null;
  settings?: ChannelChange['settings'];
  allowed_ips?: string[];
  basic_username?: string | null;
  basic_password?: string | null;
  secret?: string | null;
  enabled?: boolean;
}): ChannelChange {
  const out: ChannelChange = {};
  if (body.slug !== undefined) out.slug = body.slug;
  if (body.billing_connection_id !== undefined) out.billingConnectionId = body.billing_connection_id;
  if (body.settings !== undefined) out.settings = body.settings;
  if (body.allowed_ips !== undefined) out.allowedIps = body.allowed_ips;
  if (body.basic_username !== undefined) out.basicUsername = body.basic_username;
  if (body.basic_password !== undefined) out.basicPassword = body.basic_password;
  if (body.secret !== undefined) out.secret = body.secret;
  if (body.enabled !== undefined) out.enabled = body.enabled;
  return out;
}
