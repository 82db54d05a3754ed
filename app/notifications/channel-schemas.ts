// The config of each channel kind as a schema: the HTTP API shows it in OpenAPI (a union), and the
// channel service checks a stored config against its kind's schema after the secrets were merged in
// (a PATCH may leave a secret out, the stored config must still be complete).
import { type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { ErrorDetail } from '../http/errors.ts';
import type { ChannelKind } from './channel-config.ts';

const Text = (description: string) => Type.String({ minLength: 1, maxLength: 500, description });
const Secret = (description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description }));
const HttpUrl = (description: string) =>
  Type.String({ minLength: 8, maxLength: 1000, pattern: '^https?://', description });

export const EmailConfigSchema = Type.Object(
  {
    host: Text('SMTP server'),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    security: Type.Enum(['tls', 'starttls', 'none'], {
      description: 'tls: TLS from the start (465); starttls: upgrade required (587); none: plain',
    }),
    user: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    password: Secret('SMTP password; answers show "***" when set'),
    from: Text('From address'),
    to: Type.Array(Text('Recipient address'), { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false, title: 'email' },
);

export const TelegramConfigSchema = Type.Object(
  {
    api_base: Type.Optional(
      Type.Union([HttpUrl('Bot API base URL, https://api.telegram.org by default'), Type.Null()]),
    ),
    bot_token: Type.String({ minLength: 1, maxLength: 200, description: 'Bot token; answers show "***"' }),
    chat_id: Text('Chat, group or channel id (or @channel)'),
  },
  { additionalProperties: false, title: 'telegram' },
);

export const WebhookConfigSchema = Type.Object(
  {
    url: HttpUrl('Where the JSON of each event is POSTed'),
    secret: Secret('HMAC-SHA256 key of X-KassaBox-Signature; answers show "***" when set'),
  },
  { additionalProperties: false, title: 'webhook' },
);

export const SmsConfigSchema = Type.Object(
  {
    method: Type.Enum(['GET', 'POST']),
    url_template: HttpUrl('Gateway URL with {phone}, {text}, {api_key} (replaced URL-encoded)'),
    body_template: Type.Optional(
      Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], {
        description: 'POST body with the same placeholders',
      }),
    ),
    content_type: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    api_key: Secret('Gateway key for {api_key}; answers show "***" when set'),
    phones: Type.Array(Type.String({ pattern: '^\\+?[0-9]{5,15}$' }), { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false, title: 'sms' },
);

export const CONFIG_SCHEMAS: Record<ChannelKind, TSchema> = {
  email: EmailConfigSchema,
  telegram: TelegramConfigSchema,
  webhook: WebhookConfigSchema,
  sms: SmsConfigSchema,
};

/** The problems of a config for its kind, as error details under /config. */
export function configProblems(kind: ChannelKind, config: unknown): ErrorDetail[] {
  const schema = CONFIG_SCHEMAS[kind];
  if (Value.Check(schema, config)) return [];
  return Value.Errors(schema, config)
    .filter((error) => error.keyword !== 'boolean')
    .map((error) => ({
      location: 'body' as const,
      path: `/config${error.instancePath}`,
      message:
        error.keyword === 'additionalProperties'
          ? `is not a field of a ${kind} channel: ${String((error.params as { additionalProperties?: string[] }).additionalProperties?.join(', '))}`
          : error.keyword === 'required'
            ? `${String((error.params as { requiredProperties?: string[] }).requiredProperties?.join(', '))} is required`
            : error.message,
    }));
}
