// The API contract of billing connections (snake_case JSON): how the box reaches a billing. Settings
// are checked per kind by the kind's own schema (drivers/billing/create-billing-adapter.ts
// BILLING_KINDS); secrets go in, never come out: an answer names only which ones are set.
import { type Static, Type } from 'typebox';
import type { BillingConnectionView } from '../../billing/billing-connection-service.ts';
import type { BillingCheckResult } from '../../billing/billing-connections.ts';
import { TimestampSchema } from './common.ts';

export const BILLING_CONNECTION_KINDS = ['osmp', 'abills', 'lanbilling', 'sql'] as const;

const Kind = Type.Enum([...BILLING_CONNECTION_KINDS], {
  description:
    "How the box reaches the billing: osmp (the billing's own QIWI-provider endpoint), abills (ABillS REST API), lanbilling (LANBilling SOAP), sql (the billing's MySQL/MariaDB or PostgreSQL database)",
});

const ConnectionName = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
  description: 'a non-blank name of up to 64 characters',
});

const Settings = Type.Record(Type.String(), Type.Unknown(), {
  description: "Everything but secrets, checked by the kind's settings schema (see docs/integrations.md)",
});

const Secrets = Type.Record(Type.String(), Type.String(), {
  description: 'Passwords and keys the box presents to the billing, e.g. {"password": "…"}; never returned',
});

const SecretsPatch = Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
  description: 'A secret given replaces the stored one; null removes it; secrets not named are kept',
});

export const BillingConnectionCreate = Type.Object(
  { name: ConnectionName, kind: Kind, settings: Settings, secrets: Type.Optional(Secrets) },
  { additionalProperties: false },
);
export type BillingConnectionCreateBody = Static<typeof BillingConnectionCreate>;

export const BillingConnectionPatch = Type.Object(
  {
    name: Type.Optional(ConnectionName),
    settings: Type.Optional(Settings),
    secrets: Type.Optional(SecretsPatch),
  },
  { additionalProperties: false },
);
export type BillingConnectionPatchBody = Static<typeof BillingConnectionPatch>;

export const BillingConnection = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Kind,
  settings: Settings,
  secrets_set: Type.Array(Type.String(), { description: 'Names of the secrets stored (values never shown)' }),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type BillingConnectionJson = Static<typeof BillingConnection>;

export const BillingConnectionList = Type.Object({ items: Type.Array(BillingConnection) });
export type BillingConnectionListJson = Static<typeof BillingConnectionList>;

export const BillingCheck = Type.Object(
  {
    account: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '\\S',
      description: 'a non-blank subscriber account of up to 64 characters',
    }),
  },
  { additionalProperties: false },
);
export type BillingCheckBody = Static<typeof BillingCheck>;

export const BillingCheckAnswer = Type.Object({
  ok: Type.Boolean({ description: 'The billing answered (found or not); false: it could not be asked' }),
  found: Type.Union([Type.Boolean(), Type.Null()], { description: 'null when the billing did not answer' }),
  account: Type.Union([
    Type.Object({
      account: Type.String(),
      name: Type.Optional(Type.String()),
      balance_kopecks: Type.Optional(Type.Integer()),
    }),
    Type.Null(),
  ]),
  message: Type.String({ description: 'What happened, in Russian, for the person checking' }),
});
export type BillingCheckAnswerJson = Static<typeof BillingCheckAnswer>;

export function billingConnectionJson(view: BillingConnectionView): BillingConnectionJson {
  return {
    id: view.id,
    name: view.name,
    kind: view.kind,
    settings: view.settings,
    secrets_set: view.secretsSet,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
  };
}

export function billingCheckJson(result: BillingCheckResult): BillingCheckAnswerJson {
  const account = result.account;
  return {
    ok: result.ok,
    found: result.found,
    account:
      account === null
        ? null
        : {
            account: account.account,
            ...(account.name === undefined ? {} : { name: account.name }),
            ...(account.balanceKopecks === undefined ? {} : { balance_kopecks: account.balanceKopecks }),
          },
    message: result.message,
  };
}
