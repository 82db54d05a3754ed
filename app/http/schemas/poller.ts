// The API contract of billing pollers (registrar mode, snake_case JSON): a poller pulls new payments of
// one billing connection into one source every interval_seconds, keeping its cursor durably. Filters
// that the billing understands (ABillS payment method ids, an SQL WHERE) are the connection's settings;
// the poller's own filter narrows what the adapter returns by the box's method (cash / electronic).
import { type Static, Type } from 'typebox';
import type { PollerRow } from '../../storage/billing-poller-repository.ts';
import { NullableTimestamp, TimestampSchema } from './common.ts';

const IntervalSeconds = Type.Integer({
  minimum: 10,
  maximum: 86_400,
  description: 'How often to poll, 10 s to 24 h',
});

export const PollerFilter = Type.Object(
  {
    methods: Type.Optional(
      Type.Array(Type.Enum(['cash', 'electronic']), {
        minItems: 1,
        uniqueItems: true,
        description:
          'Take only payments made this way; others are passed over (the cursor moves past them). ' +
          "Billing-side filters (ABillS poll_methods, an SQL query's WHERE) are set in the billing connection",
      }),
    ),
  },
  { additionalProperties: false, description: 'Which payments the poller takes; {} takes every one' },
);
export type PollerFilterJson = Static<typeof PollerFilter>;

const Cursor = Type.String({
  minLength: 1,
  maxLength: 256,
  description:
    "Where the next poll starts, as the adapter understands it (ABillS, SQL: the last payment id seen); set it to skip the billing's history",
});

export const PollerCreate = Type.Object(
  {
    source_id: Type.Integer({ minimum: 1, description: 'The source the payments are accepted into' }),
    billing_connection_id: Type.Integer({ minimum: 1, description: 'The billing to poll' }),
    interval_seconds: Type.Optional(IntervalSeconds),
    filter: Type.Optional(PollerFilter),
    enabled: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.Union([Cursor, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PollerCreateBody = Static<typeof PollerCreate>;

export const PollerPatch = Type.Object(
  {
    billing_connection_id: Type.Optional(Type.Integer({ minimum: 1 })),
    interval_seconds: Type.Optional(IntervalSeconds),
    filter: Type.Optional(PollerFilter),
    enabled: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.Union([Cursor, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PollerPatchBody = Static<typeof PollerPatch>;

export const Poller = Type.Object({
  id: Type.Integer(),
  source_id: Type.Integer(),
  billing_connection_id: Type.Integer(),
  interval_seconds: Type.Integer(),
  filter: PollerFilter,
  enabled: Type.Boolean(),
  cursor: Type.Union([Type.String(), Type.Null()], { description: 'null: not polled yet' }),
  last_run_at: NullableTimestamp,
  last_success_at: NullableTimestamp,
  last_error: Type.Union([Type.String(), Type.Null()], {
    description:
      'Why the last poll failed, or which payments it skipped as invalid (each also in the audit log); null after a clean poll',
  }),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type PollerJson = Static<typeof Poller>;

export const PollerList = Type.Object({ items: Type.Array(Poller) });
export type PollerListJson = Static<typeof PollerList>;

export const PollerRunAnswer = Type.Object({
  accepted: Type.Integer({ description: 'Payments newly accepted by this poll' }),
  cursor: Type.Union([Type.String(), Type.Null()], { description: 'The cursor after the poll' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'What went wrong, null when nothing did' }),
});
export type PollerRunAnswerJson = Static<typeof PollerRunAnswer>;

export function pollerJson(row: PollerRow): PollerJson {
  return {
    id: row.id,
    source_id: row.sourceId,
    billing_connection_id: row.billingConnectionId,
    interval_seconds: row.intervalSeconds,
    filter: row.filter,
    enabled: row.enabled,
    cursor: row.cursor,
    last_run_at: row.lastRunAt,
    last_success_at: row.lastSuccessAt,
    last_error: row.lastError,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
