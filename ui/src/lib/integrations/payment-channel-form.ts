// The payment channel form: the endpoint's address (slug), protocol, billing connection, who may call
// (IP list, Basic auth, a shared secret) and the protocol settings, turned from the API's channel into
// text inputs and back into the body the API takes. Amount limits are typed in roubles and sent in
// kopecks. Basic password and secret are write-only: empty keeps the stored one, «Удалить» sends null.
import type { ChannelCreateBody, ChannelJson } from '../api/types.ts';
import { formatKopecksPlain, parseRoubles } from '../format/money.ts';

export type ChannelProtocol = ChannelJson['protocol'];
type ChannelSettings = ChannelJson['settings'];

export const PROTOCOL_LABELS: Record<ChannelProtocol, string> = {
  osmp: 'QIWI / OSMP',
  sberbank: 'Сбербанк, протокол №1',
};

export interface ChannelFormState {
  source_id: number;
  slug: string;
  protocol: ChannelProtocol;
  /** '' — no billing: receipts only. */
  billing_connection_id: string;
  enabled: boolean;
  allowed_ips: string;
  basic_username: string;
  basic_password: string;
  secret: string;
  basicPasswordSet: boolean;
  secretSet: boolean;
  clearBasicPassword: boolean;
  clearSecret: boolean;
  min_amount: string;
  max_amount: string;
  account_pattern: string;
  deadline_ms: string;
  timezone: string;
  param_case: 'upper' | 'lower';
  encoding: 'utf-8' | 'windows-1251';
  /** Code table overrides as JSON text: {"duplicate": 8}. */
  codes: string;
}

export function channelForm(channel: ChannelJson | null, sourceId = 0): ChannelFormState {
  const s: ChannelSettings = channel?.settings ?? {};
  return {
    source_id: channel?.source_id ?? sourceId,
    slug: channel?.slug ?? '',
    protocol: channel?.protocol ?? 'osmp',
    billing_connection_id:
      channel?.billing_connection_id == null ? '' : String(channel.billing_connection_id),
    enabled: channel?.enabled ?? true,
    allowed_ips: (channel?.allowed_ips ?? []).join('\n'),
    basic_username: channel?.basic_username ?? '',
    basic_password: '',
    secret: '',
    basicPasswordSet: channel?.basic_password_set ?? false,
    secretSet: channel?.secret_set ?? false,
    clearBasicPassword: false,
    clearSecret: false,
    min_amount: s.min_amount_kopecks === undefined ? '' : formatKopecksPlain(s.min_amount_kopecks),
    max_amount: s.max_amount_kopecks === undefined ? '' : formatKopecksPlain(s.max_amount_kopecks),
    account_pattern: s.account_pattern ?? '',
    deadline_ms: s.deadline_ms === undefined ? '' : String(s.deadline_ms),
    timezone: s.timezone ?? '',
    param_case: s.param_case ?? 'upper',
    encoding: s.encoding ?? 'utf-8',
    codes: s.codes && Object.keys(s.codes).length > 0 ? JSON.stringify(s.codes) : '',
  };
}

export function splitLines(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * The create body (a PATCH takes the same fields but source_id and protocol), or the field problems,
 * keyed as the server keys them (`settings.min_amount_kopecks`).
 */
export function channelBody(form: ChannelFormState): {
  body: ChannelCreateBody;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const settings: ChannelSettings = {};
  const slug = form.slug.trim();
  if (!/^[a-z0-9-]{1,32}$/.test(slug)) errors.slug = 'Латинские строчные буквы, цифры и дефис, до 32 знаков';
  for (const [key, text] of [
    ['min_amount_kopecks', form.min_amount],
    ['max_amount_kopecks', form.max_amount],
  ] as const) {
    if (text.trim() === '') continue;
    const parsed = parseRoubles(text);
    if (parsed.ok) settings[key] = parsed.kopecks;
    else errors[`settings.${key}`] = parsed.message;
  }
  if (form.account_pattern.trim() !== '') {
    try {
      new RegExp(form.account_pattern.trim());
      settings.account_pattern = form.account_pattern.trim();
    } catch {
      errors['settings.account_pattern'] = 'Это не регулярное выражение';
    }
  }
  if (form.deadline_ms.trim() !== '') {
    const ms = Number(form.deadline_ms.trim());
    if (!Number.isInteger(ms) || ms < 500 || ms > 50_000)
      errors['settings.deadline_ms'] = 'От 500 до 50000 мс';
    else settings.deadline_ms = ms;
  }
  if (form.timezone.trim() !== '') settings.timezone = form.timezone.trim();
  if (form.protocol === 'sberbank') {
    settings.param_case = form.param_case;
    settings.encoding = form.encoding;
  }
  if (form.codes.trim() !== '') {
    try {
      const codes: unknown = JSON.parse(form.codes);
      if (codes === null || typeof codes !== 'object' || Array.isArray(codes))
        throw new Error('not an object');
      settings.codes = codes as ChannelSettings['codes'];
    } catch {
      errors['settings.codes'] = 'JSON-объект: {"duplicate": 8}';
    }
  }
  const username = form.basic_username.trim();
  const body: ChannelCreateBody = {
    source_id: form.source_id,
    slug,
    protocol: form.protocol,
    billing_connection_id: form.billing_connection_id === '' ? null : Number(form.billing_connection_id),
    settings,
    allowed_ips: splitLines(form.allowed_ips),
    basic_username: username === '' ? null : username,
    enabled: form.enabled,
  };
  if (form.basic_password !== '') body.basic_password = form.basic_password;
  else if (form.clearBasicPassword || (username === '' && form.basicPasswordSet)) body.basic_password = null;
  else if (username !== '' && !form.basicPasswordSet)
    errors.basic_password = 'Задайте пароль для этого логина';
  if (form.secret !== '') body.secret = form.secret;
  else if (form.clearSecret) body.secret = null;
  return { body, errors };
}

/** The full address to give the channel: this box's own origin and the channel's path. */
export function channelUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, '')}${path}`;
}

/** How the channel is protected, in a few words for the list. */
export function channelSecurity(channel: ChannelJson): string {
  const parts: string[] = [];
  parts.push(channel.allowed_ips.length > 0 ? `IP: ${channel.allowed_ips.join(', ')}` : 'любой IP');
  if (channel.basic_username) parts.push(`Basic: ${channel.basic_username}`);
  if (channel.secret_set) parts.push('секрет');
  return parts.join(' · ');
}
