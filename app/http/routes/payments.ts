// Payments (issue 2 "HTTP API"): accept idempotently, read by id or by (source, external_id), list.
// A source's API token always acts for its own source and sees only its own payments.
import { Type } from 'typebox';
import { instantOfBound } from '../../operations/box-days.ts';
import {
  PaymentConflictError,
  PaymentInputError,
  UnknownSourceError,
} from '../../payments/accept-payment.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { ApiError, invalidField, notFound } from '../errors.ts';
import { assertSourceAccess, sourceScope } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import { Payment, PaymentCreate, PaymentList, PaymentQuery, paymentJson } from '../schemas/payment.ts';

const tags = ['payments'];

function translate(error: unknown): unknown {
  if (error instanceof PaymentInputError) return invalidField(error.path, error.message);
  if (error instanceof PaymentConflictError) return new ApiError('payment_conflict', error.message);
  if (error instanceof UnknownSourceError) return invalidField('/source_id', error.message);
  return error;
}

export const paymentRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const { payments } = deps;

  app.post(
    '/payments',
    {
      schema: {
        tags,
        summary: 'Accept a payment (idempotent on source + external_id)',
        description:
          'Answers 201 once the payment is durably stored; a repeat with the same content answers 200 with the ' +
          'same ids; the same external_id with another content answers 409 payment_conflict.',
        body: PaymentCreate,
        response: { 200: Payment, 201: Payment, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const scope = sourceScope(request);
      if (scope !== undefined && body.source_id !== undefined && body.source_id !== scope) {
        throw invalidField(
          '/source_id',
          'an API token posts payments to its own source only; leave source_id out',
        );
      }
      const sourceId = scope ?? body.source_id;
      if (sourceId === undefined)
        throw invalidField('/source_id', 'is required when you are logged in as a person');
      try {
        const { view, created } = payments.accept({
          sourceId,
          externalId: body.external_id,
          account: body.account,
          amountKopecks: body.amount_kopecks,
          method: body.method ?? 'electronic',
          ...(body.customer_contact === undefined ? {} : { customerContact: body.customer_contact }),
          ...(body.paid_at === undefined ? {} : { paidAt: body.paid_at }),
        });
        return reply.status(created ? 201 : 200).send(paymentJson(view));
      } catch (error) {
        throw translate(error);
      }
    },
  );

  app.get(
    '/payments/:id',
    {
      schema: {
        tags,
        summary: 'A payment with its fiscal job and receipt',
        params: IdParams,
        response: { 200: Payment, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = payments.views.byId(request.params.id);
      if (!view) throw notFound('payment', request.params.id);
      assertSourceAccess(request, view.payment.sourceId, notFound('payment', request.params.id));
      return paymentJson(view);
    },
  );

  app.get(
    '/sources/:id/payments/:external_id',
    {
      schema: {
        tags,
        summary: 'A payment by its id in the source',
        params: Type.Object({
          id: Type.Integer({ minimum: 1 }),
          external_id: Type.String({ minLength: 1, maxLength: 128 }),
        }),
        response: { 200: Payment, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id, external_id: externalId } = request.params;
      const missing = notFound('payment', `${externalId} of source ${id}`);
      assertSourceAccess(request, id, missing);
      const view = payments.views.byExternalId(id, externalId);
      if (!view) throw missing;
      return paymentJson(view);
    },
  );

  app.get(
    '/payments',
    {
      schema: {
        tags,
        summary: 'Search payments',
        querystring: PaymentQuery,
        response: { 200: PaymentList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const scope = sourceScope(request);
      if (scope !== undefined && query.source_id !== undefined && query.source_id !== scope) {
        return { items: [], total: 0, next_cursor: null };
      }
      const timezone = deps.settings.read().timezone;
      const bound = (side: 'from' | 'to') => {
        const value = query[side];
        if (value === undefined) return undefined;
        const instant = instantOfBound(value, side, timezone);
        if (instant === undefined) {
          throw invalidField(
            `/${side}`,
            'must be a day YYYY-MM-DD or an ISO-8601 instant with a zone',
            'querystring',
          );
        }
        return instant;
      };
      const iso = (value: string | undefined) =>
        value === undefined ? undefined : new Date(value).toISOString();
      const paidFrom = bound('from') ?? iso(query.paid_from);
      const paidTo = bound('to') ?? iso(query.paid_to);
      const limit = query.limit ?? 50;
      const { items, total } = payments.views.list({
        sourceId: scope ?? query.source_id,
        externalId: query.external_id,
        account: query.account,
        status: query.status,
        amountKopecks: query.amount_kopecks,
        paidFrom,
        paidTo,
        ...(query.cursor === undefined ? {} : { beforeId: Number(query.cursor) }),
        limit,
        offset: query.offset ?? 0,
      });
      const last = items.at(-1);
      const nextCursor = items.length === limit && last ? String(last.payment.id) : null;
      return { items: items.map(paymentJson), total, next_cursor: nextCursor };
    },
  );
};
