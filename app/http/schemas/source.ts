// The API contract of sources and their API tokens (snake_case JSON) and the mapping from stored rows.
import { type Static, Type } from 'typebox';
import type { ApiTokenRow } from '../../storage/api-token-repository.ts';
import {
  PAYMENT_METHODS,
  PAYMENT_OBJECTS,
  SOURCE_KINDS,
  type SourceRow,
  VAT_RATES,
} from '../../storage/source-repository.ts';
import { NameSchema, NullableTimestamp, TimestampSchema } from './common.ts';

const Kind = Type.Enum([...SOURCE_KINDS], { description: 'How the source reports payments' });
const ItemName = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '\\S',
  description: 'a non-blank receipt item name of up to 128 characters (tag 1030)',
});
const PaymentMethod = Type.Enum([...PAYMENT_METHODS], { description: 'Payment method (tag 1214)' });
const PaymentObject = Type.Enum([...PAYMENT_OBJECTS], { description: 'Payment object (tag 1212)' });
const Vat = Type.Enum([...VAT_RATES], { description: 'VAT rate of the item (tag 1199)' });

export const SourceCreate = Type.Object(
  {
    organization_id: Type.Integer({ minimum: 1 }),
    name: NameSchema,
    // cash_desk sources are made by the cash desk itself, one per organization.
    kind: Type.Optional(Type.Enum(['api'], { description: 'How the source reports payments' })),
    item_name: Type.Optional(ItemName),
    payment_method: Type.Optional(PaymentMethod),
    payment_object: Type.Optional(PaymentObject),
    vat: Type.Optional(Vat),
  },
  { additionalProperties: false },
);
export type SourceCreateBody = Static<typeof SourceCreate>;

export const SourcePatch = Type.Object(
  {
    name: Type.Optional(NameSchema),
    item_name: Type.Optional(ItemName),
    payment_method: Type.Optional(PaymentMethod),
    payment_object: Type.Optional(PaymentObject),
    vat: Type.Optional(Vat),
  },
  { additionalProperties: false },
);
export type SourcePatchBody = Static<typeof SourcePatch>;

export const SOURCE_DEFAULTS = {
  kind: 'api',
  itemName: 'Оплата услуг связи',
  paymentMethod: 'advance',
  paymentObject: 'service',
  vat: 'none',
} as const;

export const Source = Type.Object({
  id: Type.Integer(),
  organization_id: Type.Integer(),
  name: Type.String(),
  kind: Kind,
  item_name: Type.String(),
  payment_method: PaymentMethod,
  payment_object: PaymentObject,
  vat: Vat,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type SourceJson = Static<typeof Source>;
export const SourceList = Type.Object({ items: Type.Array(Source) });

export function sourceJson(row: SourceRow): SourceJson {
  return {
    id: row.id,
    organization_id: row.organizationId,
    name: row.name,
    kind: row.kind,
    item_name: row.itemName,
    payment_method: row.paymentMethod,
    payment_object: row.paymentObject,
    vat: row.vat,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export const TokenParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  tokenId: Type.Integer({ minimum: 1 }),
});

export const TokenCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', description: 'a non-blank label' }) },
  { additionalProperties: false },
);

export const ApiToken = Type.Object({
  id: Type.Integer(),
  source_id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to recognise it' }),
  created_by_user_id: Type.Union([Type.Integer(), Type.Null()]),
  created_at: TimestampSchema,
  last_used_at: NullableTimestamp,
  revoked_at: NullableTimestamp,
});
export type ApiTokenJson = Static<typeof ApiToken>;
export const ApiTokenList = Type.Object({ items: Type.Array(ApiToken) });

export const IssuedApiToken = Type.Object({
  ...ApiToken.properties,
  token: Type.String({ description: 'The secret: shown only in this answer, store it in the billing now' }),
});
export type IssuedApiTokenJson = Static<typeof IssuedApiToken>;

export function apiTokenJson(row: ApiTokenRow): ApiTokenJson {
  return {
    id: row.id,
    source_id: row.sourceId,
    name: row.name,
    prefix: row.prefix,
    created_by_user_id: row.createdByUserId,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
  };
}
