// The API contract of results going back (snake_case JSON): where a source wants to hear that its
// payment was fiscalized or failed (a signed callback, a mark in the billing), and the delivery queue
// of those results. The callback secret goes in, never comes out.
import { type Static, Type } from 'typebox';
import type { ResultDeliveryRow } from '../../storage/result-delivery-repository.ts';
import type { ResultTargetRow } from '../../storage/result-target-repository.ts';
import { NullableTimestamp, TimestampSchema } from './common.ts';

export const ResultTarget = Type.Object({
  source_id: Type.Integer(),
  callback_url: Type.Union([Type.String(), Type.Null()], {
    description: 'Where the box POSTs each finished payment; null: no callback',
  }),
  callback_secret_set: Type.Boolean({
    description: 'Whether callbacks are signed (X-KassaBox-Signature); the secret is never shown',
  }),
  mark_in_billing: Type.Boolean({
    description: "Mark each fiscalized payment in the billing through the source's poller's connection",
  }),
  updated_at: NullableTimestamp,
});
export type ResultTargetJson = Static<typeof ResultTarget>;

export const ResultTargetPut = Type.Object(
  {
    callback_url: Type.Union(
      [
        Type.String({
          minLength: 1,
          maxLength: 2048,
          pattern: '^https?://\\S+$',
          description: 'an http:// or https:// URL',
        }),
        Type.Null(),
      ],
      { description: 'null turns the callback off' },
    ),
    callback_secret: Type.Optional(
      Type.String({
        minLength: 16,
        maxLength: 256,
        pattern: '^\\S+$',
        description: 'a secret of 16 to 256 characters without spaces',
      }),
    ),
    mark_in_billing: Type.Boolean(),
  },
  {
    additionalProperties: false,
    description: 'Replaces the target; callback_secret left out keeps the stored one',
  },
);
export type ResultTargetPutBody = Static<typeof ResultTargetPut>;

const DeliveryKind = Type.Enum(['callback', 'billing_mark', 'atol_callback'], {
  description:
    "callback: the source's signed callback; billing_mark: marked in the billing; atol_callback: ATOL Online's callback_url",
});
const DeliveryState = Type.Enum(['pending', 'delivered', 'failed'], {
  description: 'failed: given up after 24 h of attempts (POST …/retry tries again)',
});

export const ResultDelivery = Type.Object({
  id: Type.Integer(),
  payment_id: Type.Integer(),
  kind: DeliveryKind,
  outcome: Type.Enum(['done', 'failed'], { description: "The fiscal job's outcome this reports" }),
  url: Type.Union([Type.String(), Type.Null()]),
  state: DeliveryState,
  attempts: Type.Integer(),
  not_before: TimestampSchema,
  last_error: Type.Union([Type.String(), Type.Null()]),
  delivered_at: NullableTimestamp,
  created_at: TimestampSchema,
});
export type ResultDeliveryJson = Static<typeof ResultDelivery>;

export const ResultDeliveryList = Type.Object({ items: Type.Array(ResultDelivery) });
export type ResultDeliveryListJson = Static<typeof ResultDeliveryList>;

export const ResultDeliveryQuery = Type.Object(
  {
    state: Type.Optional(DeliveryState),
    payment_id: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export function resultTargetJson(sourceId: number, row: ResultTargetRow | undefined): ResultTargetJson {
  return {
    source_id: sourceId,
    callback_url: row?.callbackUrl ?? null,
    callback_secret_set: (row?.callbackSecret ?? null) !== null,
    mark_in_billing: row?.markInBilling ?? false,
    updated_at: row?.updatedAt ?? null,
  };
}

export function resultDeliveryJson(row: ResultDeliveryRow): ResultDeliveryJson {
  return {
    id: row.id,
    payment_id: row.paymentId,
    kind: row.kind,
    outcome: row.outcome,
    url: row.url,
    state: row.state,
    attempts: row.attempts,
    not_before: row.notBefore,
    last_error: row.lastError,
    delivered_at: row.deliveredAt,
    created_at: row.createdAt,
  };
}
