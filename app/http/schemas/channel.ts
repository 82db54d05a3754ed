// The API contract of payment channels (translator mode, docs/api.md "Payment channels") and of their
// transactions. Secrets are write-only: the answer says only whether they are set.
import { type Static, Type } from 'typebox';
import { CHANNEL_PROTOCOLS, ChannelSettingsSchema } from '../../channels/channel-settings.ts';
import type { ChannelRow } from '../../storage/channel-repository.ts';
import type { ChannelTxnRow } from '../../storage/channel-txn-repository.ts';
import { TimestampSchema } from './common.ts';

export const BILLING_STATES = ['received', 'posted', 'rejected', 'not_needed'] as const;

const Protocol = Type.Enum([...CHANNEL_PROTOCOLS], {
  description: 'osmp: the QIWI/OSMP provider protocol; sberbank: Sberbank protocol №1',
});
const Slug = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: '^[a-z0-9-]+$',
  description: 'lower-case letters, digits and dashes, up to 32: the channel answers at /channel/<slug>',
});
const AllowedIps = Type.Array(Type.String({ minLength: 2, maxLength: 64 }), {
  maxItems: 100,
  description: 'Addresses or CIDR ranges allowed to call (e.g. 79.142.16.0/20); empty: any address',
});
const BasicUsername = Type.Union(
  [Type.String({ minLength: 1, maxLength: 64, pattern: '^[^:]+$' }), Type.Null()],
  {
    description: 'Basic auth user the channel must present; null: no Basic auth',
  },
);
const Secret = Type.Union([Type.String({ minLength: 8, maxLength: 128 }), Type.Null()], {
  description: 'Write-only; null removes it',
});

export const ChannelCreate = Type.Object(
  {
    source_id: Type.Integer({ minimum: 1, description: 'The source its payments and receipts belong to' }),
    slug: Slug,
    protocol: Protocol,
    billing_connection_id: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description: 'Where accounts are checked and payments posted; null: receipts only',
      }),
    ),
    settings: Type.Optional(ChannelSettingsSchema),
    allowed_ips: Type.Optional(AllowedIps),
    basic_username: Type.Optional(BasicUsername),
    basic_password: Type.Optional(Secret),
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelCreateBody = Static<typeof ChannelCreate>;

export const ChannelPatch = Type.Object(
  {
    slug: Type.Optional(Slug),
    billing_connection_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    settings: Type.Optional(ChannelSettingsSchema),
    allowed_ips: Type.Optional(AllowedIps),
    basic_username: Type.Optional(BasicUsername),
    basic_password: Type.Optional(Secret),
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelPatchBody = Static<typeof ChannelPatch>;

export const Channel = Type.Object({
  id: Type.Integer(),
  source_id: Type.Integer(),
  slug: Type.String(),
  protocol: Protocol,
  billing_connection_id: Type.Union([Type.Integer(), Type.Null()]),
  settings: ChannelSettingsSchema,
  allowed_ips: Type.Array(Type.String()),
  basic_username: Type.Union([Type.String(), Type.Null()]),
  basic_password_set: Type.Boolean(),
  secret_set: Type.Boolean(),
  enabled: Type.Boolean(),
  path: Type.String({ description: 'Give the channel https://<box><path>' }),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type ChannelJson = Static<typeof Channel>;
export const ChannelList = Type.Object({ items: Type.Array(Channel) });
export type ChannelListJson = Static<typeof ChannelList>;

export const ChannelTxn = Type.Object({
  id: Type.Integer({ description: 'The box id of the transaction: OSMP prv_txn, Sberbank EXT_ID' }),
  txn_id: Type.String({ description: "The channel's id (txn_id, PAY_ID)" }),
  account: Type.String(),
  amount_kopecks: Type.Integer(),
  txn_date: Type.Union([Type.String(), Type.Null()], { description: "The channel's date as sent" }),
  paid_at: TimestampSchema,
  billing_state: Type.Enum([...BILLING_STATES], {
    description:
      'received: the billing post is pending; posted; rejected: refused by the billing (see last_error); not_needed: no billing',
  }),
  billing_payment_id: Type.Union([Type.String(), Type.Null()]),
  payment_id: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The box payment (and receipt); null when the payment was refused before it was taken',
  }),
  attempts: Type.Integer({ description: 'Billing posts tried' }),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type ChannelTxnJson = Static<typeof ChannelTxn>;
export const ChannelTxnList = Type.Object({ items: Type.Array(ChannelTxn) });
export type ChannelTxnListJson = Static<typeof ChannelTxnList>;

export const ChannelTxnQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    before_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Older than this transaction id' })),
    state: Type.Optional(
      Type.Enum([...BILLING_STATES], { description: 'Only transactions in this billing_state' }),
    ),
  },
  { additionalProperties: false },
);

export const ChannelTxnParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  txnId: Type.Integer({ minimum: 1 }),
});

export function channelJson(row: ChannelRow): ChannelJson {
  return {
    id: row.id,
    source_id: row.sourceId,
    slug: row.slug,
    protocol: row.protocol,
    billing_connection_id: row.billingConnectionId,
    settings: row.settings,
    allowed_ips: row.allowedIps,
    basic_username: row.basicUsername,
    basic_password_set: row.basicPasswordHash !== null,
    secret_set: row.secretHash !== null,
    enabled: row.enabled,
    path: `/channel/${row.slug}`,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function channelTxnJson(row: ChannelTxnRow): ChannelTxnJson {
  return {
    id: row.id,
    txn_id: row.txnId,
    account: row.account,
    amount_kopecks: row.amountKopecks,
    txn_date: row.txnDate,
    paid_at: row.paidAt,
    billing_state: row.billingState,
    billing_payment_id: row.billingPaymentId,
    payment_id: row.paymentId,
    attempts: row.attempts,
    last_error: row.lastError,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
