// The billing connection form: one set of fields per kind (the billing's QIWI-provider endpoint, ABillS
// REST, LANBilling SOAP, the billing's SQL database), turned from the API's settings into text inputs
// and back into the settings and secrets the API takes (drivers/billing/<kind>.ts schemas). Secrets are
// write-only: the API says only which are set; an empty input keeps the stored one (left out of the
// body), typing replaces it. A field key may be dotted (`columns.account`) for a nested setting.
import type { BillingConnectionJson } from '../api/types.ts';

export type BillingKind = BillingConnectionJson['kind'];

export const BILLING_KIND_LABELS: Record<BillingKind, string> = {
  osmp: 'QIWI-протокол биллинга (OSMP)',
  abills: 'ABillS REST API',
  lanbilling: 'LANBilling SOAP',
  sql: 'База данных биллинга (SQL)',
};

export const BILLING_KIND_SHORT: Record<BillingKind, string> = {
  osmp: 'OSMP',
  abills: 'ABillS',
  lanbilling: 'LANBilling',
  sql: 'SQL',
};

/** Kinds that can list a billing's new payments (BillingAdapter.paymentsAfter): what a poller reads. */
export const POLLABLE_KINDS: readonly BillingKind[] = ['abills', 'sql'];

/** Secrets by name, as a list cell says them («пароль: задан»). */
export const SECRET_SHORT: Record<string, string> = {
  username: 'логин',
  password: 'пароль',
  api_key: 'ключ API',
};

export interface BillingFieldSpec {
  key: string;
  label: string;
  kind: 'text' | 'integer' | 'integers' | 'strings' | 'secret' | 'select' | 'sql';
  required?: boolean;
  hint?: string;
  placeholder?: string;
  options?: readonly { value: string; label: string }[];
}

const TIME_ZONE: BillingFieldSpec = {
  key: 'time_zone',
  label: 'Часовой пояс биллинга',
  kind: 'text',
  placeholder: 'Europe/Moscow',
  hint: 'Пусто — московское время',
};

/** Several SQL statements run in one transaction are written one after another, split by this line. */
export const SQL_STATEMENT_SEPARATOR = '---';

const TIMEOUT: BillingFieldSpec = {
  key: 'timeout_ms',
  label: 'Тайм-аут, мс',
  kind: 'integer',
  hint: 'Сколько ждать ответа биллинга; пусто — по умолчанию',
};

export const BILLING_FIELDS: Record<BillingKind, readonly BillingFieldSpec[]> = {
  osmp: [
    {
      key: 'url',
      label: 'Адрес QIWI-интерфейса биллинга',
      kind: 'text',
      required: true,
      placeholder: 'https://billing.example.ru/paysys_check.cgi',
      hint: 'ABillS, BGBilling, UTM5, Carbon, NoDeny: их обработчик платёжной системы QIWI/OSMP',
    },
    TIME_ZONE,
    TIMEOUT,
    { key: 'username', label: 'Логин Basic-авторизации', kind: 'secret' },
    { key: 'password', label: 'Пароль Basic-авторизации', kind: 'secret' },
  ],
  abills: [
    {
      key: 'url',
      label: 'Адрес API',
      kind: 'text',
      required: true,
      placeholder: 'https://billing.example.ru/api.cgi',
    },
    {
      key: 'account_field',
      label: 'Что считать лицевым счётом',
      kind: 'select',
      required: true,
      options: [
        { value: 'login', label: 'Логин абонента' },
        { value: 'contract_id', label: 'Номер договора' },
        { value: 'uid', label: 'UID абонента' },
      ],
    },
    {
      key: 'payment_method',
      label: 'Способ оплаты для проводки',
      kind: 'integer',
      required: true,
      hint: 'Номер способа оплаты в ABillS, с которым проводятся платежи канала',
    },
    {
      key: 'poll_methods',
      label: 'Способы оплаты для опроса',
      kind: 'integers',
      hint: 'Номера через запятую; пусто — все',
    },
    {
      key: 'start_after_id',
      label: 'Начать после платежа №',
      kind: 'integer',
      hint: 'Первый опрос возьмёт платежи с большим номером',
    },
    {
      key: 'cash_methods',
      label: 'Способы оплаты «наличные»',
      kind: 'integers',
      hint: 'Номера через запятую; пусто — 0 («Наличные»)',
    },
    TIME_ZONE,
    TIMEOUT,
    { key: 'api_key', label: 'Ключ API (KEY)', kind: 'secret', required: true },
  ],
  lanbilling: [
    {
      key: 'url',
      label: 'Адрес SOAP-сервиса',
      kind: 'text',
      required: true,
      placeholder: 'http://billing.example.ru:34012',
    },
    { key: 'login', label: 'Логин менеджера', kind: 'text', required: true },
    {
      key: 'account_search',
      label: 'Поиск счёта (GetExternAccount)',
      kind: 'integer',
      required: true,
      hint: 'Как искать учётную запись: 5 — по номеру договора, 1 — по логину, 10 — по UID',
    },
    { key: 'class_id', label: 'Категория платежа (classid)', kind: 'integer', hint: 'Пусто — 0' },
    { key: 'currency_id', label: 'Валюта (currid)', kind: 'integer', hint: 'Пусто — валюта договора' },
    TIME_ZONE,
    TIMEOUT,
    { key: 'password', label: 'Пароль менеджера', kind: 'secret', required: true },
  ],
  sql: [
    {
      key: 'dialect',
      label: 'СУБД',
      kind: 'select',
      required: true,
      options: [
        { value: 'mysql', label: 'MySQL / MariaDB' },
        { value: 'postgres', label: 'PostgreSQL' },
      ],
    },
    { key: 'host', label: 'Сервер', kind: 'text', required: true, placeholder: 'db.example.ru' },
    { key: 'port', label: 'Порт', kind: 'integer', required: true, hint: 'MySQL 3306, PostgreSQL 5432' },
    { key: 'database', label: 'База данных', kind: 'text', required: true },
    { key: 'user', label: 'Пользователь', kind: 'text', required: true },
    { key: 'password', label: 'Пароль', kind: 'secret', required: true },
    {
      key: 'amount_unit',
      label: 'Суммы в базе',
      kind: 'select',
      required: true,
      options: [
        { value: 'rubles', label: 'в рублях' },
        { value: 'kopecks', label: 'в копейках' },
      ],
    },
    {
      key: 'find_account_sql',
      label: 'Запрос: найти счёт',
      kind: 'sql',
      required: true,
      hint: 'Параметр :account',
    },
    {
      key: 'post_payment_sql',
      label: 'Запрос: провести платёж',
      kind: 'sql',
      hint: `:account :amount :key :paid_at :comment; несколько запросов в одной транзакции — через строку ${SQL_STATEMENT_SEPARATOR}`,
    },
    { key: 'get_payment_sql', label: 'Запрос: найти проведённый платёж', kind: 'sql', hint: ':key' },
    {
      key: 'list_payments_sql',
      label: 'Запрос: новые платежи (опрос)',
      kind: 'sql',
      hint: ':last_id :since :limit',
    },
    {
      key: 'mark_fiscalized_sql',
      label: 'Запрос: отметить чек',
      kind: 'sql',
      hint: ':billing_payment_id :fn :fd :fp :fiscalized_at',
    },
    {
      key: 'start_after',
      label: 'Первый опрос после',
      kind: 'text',
      hint: 'Номер платежа (:last_id) или время ISO (:since), когда у опроса ещё нет курсора',
    },
    {
      key: 'cash_methods',
      label: 'Значения «наличные»',
      kind: 'strings',
      hint: 'Значения столбца способа оплаты через запятую; остальные — безналичные',
    },
    {
      key: 'time_zone',
      label: 'Часовой пояс дат в базе',
      kind: 'text',
      placeholder: '+03:00',
      hint: 'Смещение, например +03:00 (по умолчанию)',
    },
    TIMEOUT,
    { key: 'columns.billing_payment_id', label: 'Столбец: номер платежа', kind: 'text', required: true },
    { key: 'columns.account', label: 'Столбец: лицевой счёт', kind: 'text', required: true },
    { key: 'columns.amount', label: 'Столбец: сумма', kind: 'text', required: true },
    { key: 'columns.paid_at', label: 'Столбец: время оплаты', kind: 'text', required: true },
    { key: 'columns.method', label: 'Столбец: способ оплаты', kind: 'text' },
    { key: 'columns.contact', label: 'Столбец: телефон или e-mail', kind: 'text' },
  ],
};

const DEFAULTS: Record<BillingKind, Record<string, string>> = {
  osmp: {},
  abills: { account_field: 'login' },
  lanbilling: { account_search: '5' },
  sql: { dialect: 'mysql', port: '3306', amount_unit: 'rubles' },
};

export interface BillingFormState {
  /** Text of every setting field, and what was typed into secret fields (empty = keep). */
  values: Record<string, string>;
  /** Secret fields the box holds a value for. */
  secretSet: Record<string, boolean>;
  /** Stored optional secrets to remove on save. */
  cleared: Record<string, boolean>;
}

function readPath(object: Record<string, unknown> | null, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = object;
  for (const part of parts.slice(0, -1)) {
    target[part] ??= {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts.at(-1) as string] = value;
}

export function billingForm(
  kind: BillingKind,
  connection: Pick<BillingConnectionJson, 'settings' | 'secrets_set'> | null,
): BillingFormState {
  const values: Record<string, string> = {};
  const secretSet: Record<string, boolean> = {};
  const cleared: Record<string, boolean> = {};
  const settings = (connection?.settings ?? null) as Record<string, unknown> | null;
  for (const field of BILLING_FIELDS[kind]) {
    if (field.kind === 'secret') {
      secretSet[field.key] = connection?.secrets_set.includes(field.key) ?? false;
      cleared[field.key] = false;
      values[field.key] = '';
      continue;
    }
    const value = readPath(settings, field.key);
    if (Array.isArray(value))
      values[field.key] = value.join(field.kind === 'sql' ? `\n${SQL_STATEMENT_SEPARATOR}\n` : ', ');
    else if (value === undefined || value === null)
      values[field.key] = connection ? '' : (DEFAULTS[kind][field.key] ?? '');
    else values[field.key] = String(value);
  }
  return { values, secretSet, cleared };
}

/**
 * The settings and secrets to send, or the field problems (keyed as the server keys them:
 * `settings.url`, `secrets.api_key`). Empty optional settings are left out; secrets left empty too,
 * and a stored secret marked for removal goes as null (PATCH only).
 */
export function billingBody(
  kind: BillingKind,
  form: BillingFormState,
): {
  settings: Record<string, unknown>;
  secrets: Record<string, string | null>;
  errors: Record<string, string>;
} {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string | null> = {};
  const errors: Record<string, string> = {};
  for (const field of BILLING_FIELDS[kind]) {
    const text = (form.values[field.key] ?? '').trim();
    if (field.kind === 'secret') {
      if (text !== '') secrets[field.key] = text;
      else if (form.cleared[field.key] && form.secretSet[field.key]) secrets[field.key] = null;
      else if (field.required && !form.secretSet[field.key])
        errors[`secrets.${field.key}`] = 'Обязательное поле';
      continue;
    }
    const at = `settings.${field.key}`;
    if (text === '') {
      if (field.required) errors[at] = 'Обязательное поле';
      continue;
    }
    if (field.kind === 'integer') {
      const number = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(number)) errors[at] = 'Целое число';
      else writePath(settings, field.key, number);
    } else if (field.kind === 'integers') {
      const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
      if (parts.some((part) => !/^\d+$/.test(part))) errors[at] = 'Целые числа через запятую';
      else writePath(settings, field.key, parts.map(Number));
    } else if (field.kind === 'strings') {
      writePath(
        settings,
        field.key,
        text
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      );
    } else if (field.kind === 'sql') {
      const statements = text
        .split(new RegExp(`^\\s*${SQL_STATEMENT_SEPARATOR}\\s*$`, 'm'))
        .map((part) => part.trim())
        .filter((part) => part !== '');
      writePath(settings, field.key, statements.length > 1 ? statements : statements[0]);
    } else {
      writePath(settings, field.key, text);
    }
  }
  return { settings, secrets, errors };
}

/** What a list row says about where the connection goes: its URL or database, never a secret. */
export function billingTarget(kind: BillingKind, settings: Record<string, unknown>): string {
  if (kind === 'sql') {
    const dialect = settings.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL';
    return `${dialect} ${String(settings.host ?? '')}:${String(settings.port ?? '')}/${String(settings.database ?? '')}`;
  }
  return String(settings.url ?? '');
}
