// What each kind of channel needs to reach people, and which of it is secret. Secrets (SMTP password,
// bot token, webhook secret, SMS gateway key) are stored as given but never shown: answers and the
// audit trail carry MASK in their place, and a change that sends MASK (or leaves the field out) keeps
// the stored value, so the UI can show and save a channel without ever holding the secret.
import { MASK } from '../audit/audit-log.ts';

export const CHANNEL_KINDS = ['email', 'telegram', 'webhook', 'sms'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface EmailConfig {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required (587); `none`: plain (tests, LAN relays). */
  security: 'tls' | 'starttls' | 'none';
  user?: string | null;
  password?: string | null;
  from: string;
  to: string[];
}

export interface TelegramConfig {
  /** https://api.telegram.org unless a proxy (or a test fake) stands in. */
  api_base?: string | null;
  bot_token: string;
  chat_id: string;
}

export interface WebhookConfig {
  url: string;
  /** When set, each POST carries X-KassaBox-Signature: sha256=<HMAC-SHA256 of the body, hex>. */
  secret?: string | null;
}

export interface SmsConfig {
  method: 'GET' | 'POST';
  /** With {phone}, {text} and {api_key} placeholders, replaced URL-encoded. */
  url_template: string;
  /** POST only; placeholders replaced as they are (JSON-escaped when content_type is JSON). */
  body_template?: string | null;
  content_type?: string | null;
  api_key?: string | null;
  phones: string[];
}

export type ChannelConfig = EmailConfig | TelegramConfig | WebhookConfig | SmsConfig;

export const SECRET_FIELDS: Record<ChannelKind, readonly string[]> = {
  email: ['password'],
  telegram: ['bot_token'],
  webhook: ['secret'],
  sms: ['api_key'],
};

/** The config as answers and the audit trail show it: every secret that is set reads MASK. */
export function maskedConfig(kind: ChannelKind, config: ChannelConfig): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...config };
  for (const field of SECRET_FIELDS[kind]) {
    const value = shown[field];
    if (value !== undefined && value !== null && value !== '') shown[field] = MASK;
  }
  return shown;
}

/**
 * The config to store after a change: secrets sent as MASK or left out keep the stored value (when
 * the kind did not change), anything else replaces it.
 */
export function mergedConfig(
  kind: ChannelKind,
  sent: Record<string, unknown>,
  stored: { kind: ChannelKind; config: ChannelConfig } | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...sent };
  const previous = stored?.kind === kind ? (stored.config as unknown as Record<string, unknown>) : {};
  for (const field of SECRET_FIELDS[kind]) {
    if (merged[field] === undefined || merged[field] === MASK) {
      if (previous[field] === undefined) delete merged[field];
      else merged[field] = previous[field];
    }
  }
  return merged;
}

/** Every secret value of a config, to scrub from error texts before they are stored or shown. */
export function secretValues(kind: ChannelKind, config: ChannelConfig): string[] {
  const values: string[] = [];
  const record = config as unknown as Record<string, unknown>;
  for (const field of SECRET_FIELDS[kind]) {
    const value = record[field];
    if (typeof value === 'string' && value.length >= 4) values.push(value, encodeURIComponent(value));
  }
  return values;
}

export function scrubbed(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(MASK);
  return result;
}
