// The notification channel form: one set of fields per kind (e-mail, Telegram, webhook, SMS gateway),
// turned from the API's config (secrets masked as «***») into text inputs and back into the config the
// API takes. Secrets are write-only: a stored one shows as «задан»; leaving the input empty keeps it
// (the field is left out of the body), typing replaces it, «Удалить» sends null.

export type ChannelKindName = 'email' | 'telegram' | 'webhook' | 'sms';

export const CHANNEL_KIND_LABELS: Record<ChannelKindName, string> = {
  email: 'Эл. почта',
  telegram: 'Telegram',
  webhook: 'Webhook',
  sms: 'SMS-шлюз',
};

/** What the server shows in place of a stored secret (app/audit/audit-log.ts MASK). */
export const SECRET_MASK = '***';

export interface FieldSpec {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'secret' | 'list' | 'select' | 'textarea';
  required?: boolean;
  hint?: string;
  placeholder?: string;
  options?: readonly { value: string; label: string }[];
}

export const CHANNEL_FIELDS: Record<ChannelKindName, readonly FieldSpec[]> = {
  email: [
    { key: 'host', label: 'SMTP-сервер', kind: 'text', required: true, placeholder: 'smtp.example.ru' },
    { key: 'port', label: 'Порт', kind: 'number', required: true, hint: '465 — TLS, 587 — STARTTLS' },
    {
      key: 'security',
      label: 'Шифрование',
      kind: 'select',
      options: [
        { value: 'tls', label: 'TLS (порт 465)' },
        { value: 'starttls', label: 'STARTTLS (порт 587)' },
        { value: 'none', label: 'Без шифрования (только локальная сеть)' },
      ],
    },
    { key: 'user', label: 'Логин', kind: 'text' },
    { key: 'password', label: 'Пароль', kind: 'secret' },
    { key: 'from', label: 'От кого', kind: 'text', required: true, placeholder: 'kassabox@example.ru' },
    { key: 'to', label: 'Кому', kind: 'list', required: true, hint: 'Адреса через запятую' },
  ],
  telegram: [
    { key: 'bot_token', label: 'Токен бота', kind: 'secret', required: true, hint: 'Выдаёт @BotFather' },
    {
      key: 'chat_id',
      label: 'ID чата',
      kind: 'text',
      required: true,
      hint: 'Чат или группа, куда бот пишет',
    },
    {
      key: 'api_base',
      label: 'Адрес API',
      kind: 'text',
      placeholder: 'https://api.telegram.org',
      hint: 'Оставьте пустым, если не нужен прокси',
    },
  ],
  webhook: [
    { key: 'url', label: 'URL', kind: 'text', required: true, placeholder: 'https://noc.example.ru/hook' },
    {
      key: 'secret',
      label: 'Секрет подписи',
      kind: 'secret',
      hint: 'Если задан, запрос подписывается: X-KassaBox-Signature: sha256=<HMAC тела>',
    },
  ],
  sms: [
    {
      key: 'method',
      label: 'Метод',
      kind: 'select',
      options: [
        { value: 'GET', label: 'GET' },
        { value: 'POST', label: 'POST' },
      ],
    },
    {
      key: 'url_template',
      label: 'Шаблон URL',
      kind: 'text',
      required: true,
      hint: 'Подстановки {phone}, {text}, {api_key}',
      placeholder: 'https://sms.example.ru/send?to={phone}&msg={text}&key={api_key}',
    },
    { key: 'body_template', label: 'Шаблон тела (POST)', kind: 'textarea' },
    { key: 'content_type', label: 'Content-Type (POST)', kind: 'text', placeholder: 'application/json' },
    { key: 'api_key', label: 'Ключ API', kind: 'secret' },
    { key: 'phones', label: 'Телефоны', kind: 'list', required: true, hint: 'Через запятую: +79001234567' },
  ],
};

const DEFAULTS: Record<ChannelKindName, Record<string, string>> = {
  email: { port: '465', security: 'tls' },
  telegram: {},
  webhook: {},
  sms: { method: 'GET' },
};

export interface ChannelFormState {
  /** Text of every non-secret field, and what was typed into secret fields (empty = keep). */
  values: Record<string, string>;
  /** Secret fields the server holds a value for. */
  secretSet: Record<string, boolean>;
  /** Secret fields to delete on save. */
  secretCleared: Record<string, boolean>;
}

export function formFromConfig(
  kind: ChannelKindName,
  config: Record<string, unknown> | null,
): ChannelFormState {
  const values: Record<string, string> = {};
  const secretSet: Record<string, boolean> = {};
  for (const field of CHANNEL_FIELDS[kind]) {
    const value = config?.[field.key];
    if (field.kind === 'secret') {
      secretSet[field.key] = typeof value === 'string' && value !== '';
      values[field.key] = '';
    } else if (Array.isArray(value)) {
      values[field.key] = value.join(', ');
    } else if (value === undefined || value === null) {
      values[field.key] = config ? '' : (DEFAULTS[kind][field.key] ?? '');
    } else {
      values[field.key] = String(value);
    }
  }
  return { values, secretSet, secretCleared: {} };
}

export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * The config to send, or the field problems. Optional empty text fields go as null; secrets left empty
 * are left out (the server keeps what it has); a required secret must be typed when none is stored.
 */
export function configFromForm(
  kind: ChannelKindName,
  form: ChannelFormState,
): { config: Record<string, unknown>; errors: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of CHANNEL_FIELDS[kind]) {
    const text = (form.values[field.key] ?? '').trim();
    if (field.kind === 'secret') {
      if (text !== '') config[field.key] = text;
      else if (form.secretCleared[field.key]) {
        if (field.required) errors[field.key] = 'Без этого канал не работает';
        else config[field.key] = null;
      } else if (field.required && !form.secretSet[field.key]) errors[field.key] = 'Обязательное поле';
      continue;
    }
    if (text === '') {
      if (field.required) errors[field.key] = 'Обязательное поле';
      else if (field.kind !== 'select') config[field.key] = null;
      continue;
    }
    if (field.kind === 'number') {
      const number = Number(text);
      if (!Number.isInteger(number) || number < 1 || number > 65_535)
        errors[field.key] = 'Целое число 1–65535';
      else config[field.key] = number;
    } else if (field.kind === 'list') {
      config[field.key] = splitList(text);
    } else {
      config[field.key] = text;
    }
  }
  return { config, errors };
}

/** What a list row says about where the channel sends: the address, chat or URL, never a secret. */
export function channelTarget(kind: string, config: Record<string, unknown>): string {
  const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : '');
  switch (kind) {
    case 'email':
      return list(config.to);
    case 'telegram':
      return `чат ${String(config.chat_id ?? '')}`;
    case 'webhook':
      return String(config.url ?? '');
    case 'sms':
      return list(config.phones);
    default:
      return '';
  }
}
