// What a billing connection of kind "abills" holds (the API validates it, the UI renders it); the adapter
// itself is abills-rest.ts, which re-exports these.
import { type Static, Type } from 'typebox';

export const AbillsRestSettingsSchema = Type.Object(
  {
    url: Type.String({
      pattern: '^https?://',
      description: 'The ABillS API entry point, e.g. https://billing.example:9443/api.cgi',
    }),
    account_field: Type.Enum(['login', 'contract_id', 'uid'], {
      description: 'Which ABillS field the account number is',
    }),
    payment_method: Type.Integer({
      minimum: 0,
      description: 'ABillS payment method (payments_type id) of posted payments',
    }),
    poll_methods: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0 }), {
        minItems: 1,
        description: 'Registrar mode: only these methods',
      }),
    ),
    cash_methods: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0 }), {
        description: 'Methods that are cash (default [0], "Наличные")',
      }),
    ),
    start_after_id: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Registrar mode: first poll after this id' }),
    ),
    time_zone: Type.Optional(
      Type.String({ minLength: 1, description: "The billing's time zone; Europe/Moscow" }),
    ),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
  },
  { additionalProperties: false },
);
export type AbillsRestSettings = Static<typeof AbillsRestSettingsSchema>;

export const AbillsRestSecretsSchema = Type.Object(
  { api_key: Type.String({ minLength: 1, description: "The box administrator's ABillS API key" }) },
  { additionalProperties: false },
);
export type AbillsRestSecrets = Static<typeof AbillsRestSecretsSchema>;
