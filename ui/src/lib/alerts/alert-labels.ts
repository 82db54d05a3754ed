// How alerts read on screen: each rule's Russian name and what to do about it, the severity badge, the
// subject («KassaBox» or the register's name) and the counts the menu badge and the dashboard show.
// The rule list itself is the server's (app/alerts/alert-types.ts); a Record keyed by it makes the
// compiler ask for a label whenever a rule is added.
import type { AlertRule, AlertSeverity } from '../api/types.ts';
import type { StatusLook } from '../format/status.ts';

export interface RuleText {
  /** Short name: the alert table's column and the routing checkboxes. */
  label: string;
  /** One line for the thresholds page and the alert's detail: what to do. */
  action: string;
}

export const ALERT_RULE_TEXT: Record<AlertRule, RuleText> = {
  fn_expiry: {
    label: 'Срок ФН заканчивается',
    action: 'Закажите и замените фискальный накопитель до окончания срока.',
  },
  fn_memory: {
    label: 'Память ФН заполняется',
    action: 'Подготовьте замену ФН: когда память заполнится, чеки не пробить.',
  },
  fn_warning: {
    label: 'Предупреждение ФН',
    action: 'Проверьте ФН на странице кассы; при «срочной замене» замените его.',
  },
  ofd_backlog: {
    label: 'Документы не ушли в ОФД',
    action: 'Проверьте связь кассы с ОФД: через 30 дней ФН заблокирует чеки.',
  },
  shift_age: {
    label: 'Смена открыта слишком долго',
    action: 'Закройте смену (Z-отчёт): после 24 ч касса откажет в чеках.',
  },
  register_offline: { label: 'Касса не на связи', action: 'Проверьте питание и сеть кассы.' },
  paper_out: { label: 'Нет бумаги', action: 'Вставьте чековую ленту.' },
  clock_drift: {
    label: 'Часы кассы расходятся',
    action: 'Выставьте время кассы: время в чеке должно быть верным.',
  },
  queue_pending_age: {
    label: 'Очередь стоит',
    action: 'Проверьте кассы организации: задания ждут слишком долго.',
  },
  job_outcome_unknown: { label: 'Исход чека неизвестен', action: 'Откройте «Очередь» → «Исход неизвестен».' },
  job_failed: {
    label: 'Чек не пробит',
    action: 'Откройте «Очередь» → «Ошибки», устраните причину и поставьте снова.',
  },
  no_receipts: { label: 'Нет чеков', action: 'Касса давно не печатала чеков: проверьте биллинг и кассу.' },
  ofd_paid_period: { label: 'Оплата ОФД заканчивается', action: 'Продлите договор с ОФД.' },
  disk_low: { label: 'Мало места на диске', action: 'Освободите место на диске KassaBox.' },
  memory_low: {
    label: 'Мало памяти',
    action: 'Проверьте нагрузку на KassaBox; при повторах — перезапустите.',
  },
  journal_broken: {
    label: 'Журнал чеков повреждён',
    action: 'Журнал не прошёл проверку: сообщите администратору, не удаляйте данные.',
  },
  notification_failed: {
    label: 'Уведомление не доставлено',
    action: 'Проверьте канал в «Уведомлениях»: журнал доставки покажет ошибку.',
  },
};

export const ALERT_RULES_IN_ORDER = Object.keys(ALERT_RULE_TEXT) as AlertRule[];

export function ruleLabel(rule: string): string {
  return ALERT_RULE_TEXT[rule as AlertRule]?.label ?? rule;
}

export const SEVERITY_LOOKS: Record<AlertSeverity, StatusLook> = {
  critical: { label: 'Критично', tone: 'danger' },
  warning: { label: 'Внимание', tone: 'warn' },
};

/** Where the alert is: the register's name (or its number when unknown) or the box itself. */
export function subjectLabel(registerId: number | null, registerNames: ReadonlyMap<number, string>): string {
  if (registerId === null) return 'KassaBox';
  return registerNames.get(registerId) ?? `Касса № ${registerId}`;
}

export interface AlertCounts {
  critical: number;
  warning: number;
}

/** Active alerts by severity (the menu badge and the dashboard cards). */
export function countBySeverity(alerts: readonly { severity: AlertSeverity; state?: string }[]): AlertCounts {
  const counts = { critical: 0, warning: 0 };
  for (const alert of alerts) if (alert.state !== 'cleared') counts[alert.severity]++;
  return counts;
}

/** Active ones first, critical before warning, then the newest first. */
export function sortActive<T extends { severity: AlertSeverity; raised_at: string }>(
  alerts: readonly T[],
): T[] {
  const rank = (a: T) => (a.severity === 'critical' ? 0 : 1);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || b.raised_at.localeCompare(a.raised_at));
}

/** «3 крит. · 2 предупр.» for the menu's title attribute; the badge shows the total. */
export function countsText(counts: AlertCounts): string {
  if (counts.critical + counts.warning === 0) return 'Активных тревог нет';
  const parts: string[] = [];
  if (counts.critical) parts.push(`критических: ${counts.critical}`);
  if (counts.warning) parts.push(`предупреждений: ${counts.warning}`);
  return `Активные тревоги — ${parts.join(', ')}`;
}
