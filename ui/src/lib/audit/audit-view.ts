// The audit page's logic apart from the screen: Russian names of actions, the before/after diff of an
// entry, and the scan that filters by actor and dates. The API filters by entity and action only, and
// lists newest first by id, so actor and date filters are applied here while paging back: entries
// newer than the range are skipped, and the scan stops at the first entry older than it.
import type { AuditEntryJson } from '../api/types.ts';

const ACTIONS: Record<string, string> = {
  'auth.login': 'Вход',
  'auth.login_failed': 'Неудачный вход',
  'auth.logout': 'Выход',
  'session.revoke': 'Сеанс завершён',
  'user.create': 'Пользователь добавлен',
  'user.update': 'Пользователь изменён',
  'user.delete': 'Пользователь удалён',
  'user.locked': 'Учётная запись заблокирована',
  'user.unlock': 'Блокировка снята',
  'user.password_change': 'Пароль изменён',
  'user.sessions_revoke': 'Сеансы пользователя завершены',
  'organization.create': 'Организация добавлена',
  'organization.update': 'Организация изменена',
  'organization.delete': 'Организация удалена',
  'source.create': 'Источник добавлен',
  'source.update': 'Источник изменён',
  'source.delete': 'Источник удалён',
  'api_token.issue': 'API-токен выпущен',
  'api_token.revoke': 'API-токен отозван',
  'register.create': 'Касса добавлена',
  'register.update': 'Касса изменена',
  'register.delete': 'Касса удалена',
  'register.shift_open': 'Смена открыта',
  'register.shift_close': 'Смена закрыта (Z-отчёт)',
  'register.x_report': 'X-отчёт',
  'fiscal_job.requeue': 'Задание возвращено в очередь',
  'fiscal_job.resolve': 'Задание решено вручную',
  'cash_desk.payment': 'Оплата на кассе',
  'settings.update': 'Настройки изменены',
  'setup.admin': 'Первый администратор создан',
};

export const ENTITY_LABELS: Record<string, string> = {
  user: 'Пользователь',
  session: 'Сеанс',
  organization: 'Организация',
  source: 'Источник',
  api_token: 'API-токен',
  register: 'Касса',
  fiscal_job: 'Фискальное задание',
  payment: 'Платёж',
  settings: 'Настройки',
};

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

export function actorLabel(actor: AuditEntryJson['actor']): string {
  if (actor.kind === 'system') return 'KassaBox';
  if (actor.kind === 'anonymous') return actor.name ? `${actor.name} (не вошёл)` : 'без входа';
  if (actor.kind === 'source') return `Источник ${actor.name ?? `№ ${actor.id}`}`;
  return actor.name ?? `Пользователь № ${actor.id}`;
}

/** «Касса № 1»; long ids (a session's SHA-256) are cut to their first characters. */
export function objectLabel(entry: Pick<AuditEntryJson, 'entity' | 'entity_id'>): string {
  const name = ENTITY_LABELS[entry.entity] ?? entry.entity;
  if (!entry.entity_id) return name;
  const id = entry.entity_id.length > 12 ? `${entry.entity_id.slice(0, 8)}…` : entry.entity_id;
  return `${name} № ${id}`;
}

export interface DiffRow {
  key: string;
  before: string;
  after: string;
  changed: boolean;
}

/** One row per field of either side; objects are compared by their JSON text. */
export function diffObjects(before: unknown, after: unknown): DiffRow[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => {
    const was = key in b ? show(b[key]) : '';
    const now = key in a ? show(a[key]) : '';
    return { key, before: was, after: now, changed: was !== now || key in b !== key in a };
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { значение: value };
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
