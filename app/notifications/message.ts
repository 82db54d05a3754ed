// The one text of a notification, for every channel (issue 4: Russian, for a person on duty): what is
// wrong, where (the box's name from settings, the register's name), how bad, the measured value, and
// when it was raised or cleared, in the box's time zone.
import type { Alert, AlertRule, AlertSeverity } from '../alerts/alert-types.ts';
import type { NotificationEventKind } from '../storage/notification-repository.ts';

export interface NotificationMessage {
  /** One line: e-mail subject, the first line elsewhere. */
  subject: string;
  /** The whole message, plain text, lines joined with \n. */
  text: string;
}

export interface MessageContext {
  boxName: string;
  /** The register's name, when the alert is about one (it may have been removed since). */
  registerName: string | null;
  /** IANA zone the times are shown in (the box's). */
  timezone: string;
}

const RULE_TITLES: Record<AlertRule, string> = {
  fn_expiry: 'истекает срок ФН',
  fn_memory: 'память ФН заполняется',
  fn_warning: 'предупреждение ФН',
  ofd_backlog: 'документы не переданы в ОФД',
  shift_age: 'смена открыта слишком долго',
  register_offline: 'касса не отвечает',
  paper_out: 'нет бумаги',
  clock_drift: 'часы кассы расходятся',
  queue_pending_age: 'очередь чеков стоит',
  job_outcome_unknown: 'чек с неизвестным исходом',
  job_failed: 'чек не пробит',
  no_receipts: 'нет чеков от кассы',
  ofd_paid_period: 'заканчивается оплаченный период ОФД',
  disk_low: 'мало места на диске',
  memory_low: 'мало памяти',
  journal_broken: 'журнал чеков повреждён',
  notification_failed: 'уведомления не доставляются',
};

const SEVERITY: Record<AlertSeverity, string> = { critical: 'КРИТИЧНО', warning: 'Внимание' };

export function ruleTitle(rule: AlertRule): string {
  return RULE_TITLES[rule] ?? rule;
}

export function formatInstant(iso: string, timezone: string): string {
  const text = new Intl.DateTimeFormat('ru-RU', {
    timeZone: timezone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return `${text} (${timezone})`;
}

export function alertMessage(
  kind: Exclude<NotificationEventKind, 'test'>,
  alert: Alert,
  context: MessageContext,
): NotificationMessage {
  const title = ruleTitle(alert.rule);
  const headline =
    kind === 'cleared'
      ? `Устранено: ${title}`
      : kind === 'escalated'
        ? `${SEVERITY[alert.severity]} (важность повышена): ${title}`
        : `${SEVERITY[alert.severity]}: ${title}`;
  const where =
    alert.registerId === null
      ? context.boxName
      : `${context.boxName}, касса «${context.registerName ?? `№ ${alert.registerId}`}»`;
  const lines = [
    headline,
    alert.message,
    `Где: ${where}`,
    `Важность: ${alert.severity === 'critical' ? 'критично' : 'предупреждение'}`,
  ];
  if (alert.value !== null) lines.push(`Значение: ${alert.value}`);
  lines.push(`Возникла: ${formatInstant(alert.raisedAt, context.timezone)}`);
  if (kind === 'cleared' && alert.clearedAt !== null) {
    lines.push(`Устранена: ${formatInstant(alert.clearedAt, context.timezone)}`);
  }
  return { subject: `${context.boxName}: ${headline}`, text: lines.join('\n') };
}

export function testMessage(channelName: string, at: Date, context: MessageContext): NotificationMessage {
  const subject = `${context.boxName}: проверка уведомлений`;
  const text = [
    subject,
    `Это проверочное сообщение канала «${channelName}».`,
    'Если вы его получили, уведомления о тревогах будут приходить сюда.',
    `Отправлено: ${formatInstant(at.toISOString(), context.timezone)}`,
  ].join('\n');
  return { subject, text };
}
