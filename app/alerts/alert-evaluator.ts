// The alert rules (issue 4 "Alerts"; docs/api.md "Alerts" lists each with its thresholds and severity).
// PURE: the facts (alert-snapshot.ts reads them from the database and the probes), the thresholds and
// the instant in, the conditions true now out. Messages avoid figures that drift between runs (minutes,
// megabytes): the figure travels in `value`, and a changed message is a step a person hears of.
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import { deviceLocalToUtc } from '../domain/device-time.ts';
import { daysBetween, localDay } from '../operations/box-days.ts';
import { fnFillPercent } from '../registers/register-status-recorder.ts';
import type { AlertThresholds } from './alert-thresholds.ts';
import { type AlertCondition, type AlertRule, type AlertSeverity, subjectOfRegister } from './alert-types.ts';

export interface RegisterFacts {
  id: number;
  name: string;
  enabled: boolean;
  timezone: string;
  createdAt: string;
  online: boolean;
  lastError: string | null;
  /** When the last status read succeeded (register.status_at). */
  readAt: string | null;
  status: RegistrarStatus | null;
  /** When the box saw the current shift open, if it did. */
  shiftOpenedAt: string | null;
  /** Device minus box clock at the last read (lifecycle's register.clock_drift_seconds), when known. */
  clockDriftSeconds: number | null;
  lastReceiptAt: string | null;
  /** The last day the OFD contract is paid for, `YYYY-MM-DD`; null until the OFD integration says. */
  ofdPaidUntil: string | null;
}

export interface AlertSnapshot {
  registers: RegisterFacts[];
  queue: { oldestPendingAt: string | null; outcomeUnknown: number; failed: number };
  /** The last journal verification; null before the first. */
  journal: { ok: true } | { ok: false; brokenAtId: number; reason: string } | null;
  /** Free bytes of the data directory's file system; null when the probe could not say. */
  diskFreeBytes: number | null;
  /** Bytes of memory available to new work; null when the probe could not say. */
  memoryAvailableBytes: number | null;
}

const DAY_MS = 86_400_000;
const MIB = 1_048_576;
/** The FN stops forming documents when the oldest unsent one is this many days old (54-ФЗ). */
export const OFD_BLOCK_DAYS = 30;

type Found = Omit<AlertCondition, 'subject'>;

function condition(rule: AlertRule, severity: AlertSeverity, message: string, value: number | null): Found {
  return { rule, severity, message, value };
}

export function evaluateAlerts(
  snapshot: AlertSnapshot,
  thresholds: AlertThresholds,
  now: Date,
): AlertCondition[] {
  const found: AlertCondition[] = [];
  for (const register of snapshot.registers) {
    // A disabled register is not polled: its stored state is stale and nobody expects receipts from it.
    if (!register.enabled) continue;
    const subject = subjectOfRegister(register.id);
    for (const one of registerConditions(register, thresholds, now)) found.push({ ...one, subject });
  }
  for (const one of boxConditions(snapshot, thresholds, now)) found.push({ ...one, subject: 'box' });
  return found;
}

function registerConditions(register: RegisterFacts, t: AlertThresholds, now: Date): Found[] {
  const name = `«${register.name}»`;
  const found: Found[] = [];
  const offline = offlineCondition(register, t, now);
  if (offline) found.push(offline);
  const status = register.status;
  const today = localDay(now, register.timezone);
  if (status) {
    found.push(...fnConditions(name, status, today, t));
    const backlog = ofdBacklogCondition(name, status, register.timezone, t, now);
    if (backlog) found.push(backlog);
    const shift = shiftCondition(name, status, register.shiftOpenedAt, t, now);
    if (shift) found.push(shift);
    if (status.paper !== 'present') {
      found.push(condition('paper_out', 'critical', `Касса ${name}: нет бумаги`, null));
    }
  }
  if (register.clockDriftSeconds !== null && Math.abs(register.clockDriftSeconds) > t.clockDriftSeconds) {
    found.push(
      condition(
        'clock_drift',
        'warning',
        `Часы кассы ${name} расходятся с часами коробки больше чем на ${t.clockDriftSeconds} с`,
        Math.round(register.clockDriftSeconds),
      ),
    );
  }
  if (register.lastReceiptAt !== null) {
    const days = Math.floor((now.getTime() - Date.parse(register.lastReceiptAt)) / DAY_MS);
    if (days >= t.noReceiptsDays) {
      found.push(condition('no_receipts', 'warning', `Касса ${name}: нет чеков ${days} дн.`, days));
    }
  }
  if (register.ofdPaidUntil !== null) {
    const left = daysBetween(today, register.ofdPaidUntil);
    if (left <= t.ofdPaidWarningDays) {
      const severity = left <= t.ofdPaidCriticalDays ? 'critical' : 'warning';
      const message =
        left < 0
          ? `Касса ${name}: оплаченный период ОФД закончился ${register.ofdPaidUntil}`
          : `Касса ${name}: оплаченный период ОФД заканчивается через ${left} дн. (${register.ofdPaidUntil})`;
      found.push(condition('ofd_paid_period', severity, message, left));
    }
  }
  return found;
}

function offlineCondition(register: RegisterFacts, t: AlertThresholds, now: Date): Found | undefined {
  if (register.online) return undefined;
  // No answer since the last good read (or since the register was added, if it never answered).
  const since = Date.parse(register.readAt ?? register.createdAt);
  const minutes = Math.floor((now.getTime() - since) / 60_000);
  if (minutes < t.offlineMinutes) return undefined;
  return condition(
    'register_offline',
    'critical',
    `Касса «${register.name}» не отвечает больше ${t.offlineMinutes} мин`,
    minutes,
  );
}

function fnConditions(name: string, status: RegistrarStatus, today: string, t: AlertThresholds): Found[] {
  const found: Found[] = [];
  const fn = status.fn;
  if (/^\d{4}-\d{2}-\d{2}$/.test(fn.validUntil)) {
    const left = daysBetween(today, fn.validUntil);
    if (left <= t.fnExpiryWarningDays) {
      const severity = left <= t.fnExpiryCriticalDays ? 'critical' : 'warning';
      const message =
        left < 0
          ? `Касса ${name}: срок ФН истёк ${fn.validUntil}, замените ФН`
          : left <= t.fnExpiryUrgentDays
            ? `Касса ${name}: ФН действует ещё ${left} дн. (до ${fn.validUntil}), срочно замените ФН`
            : `Касса ${name}: ФН действует ещё ${left} дн. (до ${fn.validUntil}), запланируйте замену`;
      found.push(condition('fn_expiry', severity, message, left));
    }
  }
  const fill = fnFillPercent(fn.lastFdNumber, fn.freeDocuments);
  if (fn.warnings.memoryAlmostFull) {
    found.push(
      condition('fn_memory', 'critical', `Касса ${name}: память ФН почти заполнена (флаг ФН)`, fill),
    );
  } else if (fill !== null && fill >= t.fnMemoryPercent) {
    found.push(
      condition(
        'fn_memory',
        'warning',
        `Касса ${name}: архив ФН заполнен на ${t.fnMemoryPercent} % и больше`,
        fill,
      ),
    );
  }
  const flags: string[] = [];
  let severity: AlertSeverity = 'warning';
  if (fn.warnings.criticalError) {
    flags.push('критическая ошибка ФН');
    severity = 'critical';
  }
  if (fn.warnings.replaceUrgently) {
    flags.push('ФН требует срочной замены');
    severity = 'critical';
  }
  if (fn.warnings.resourceExhausting) flags.push('ресурс ФН исчерпывается');
  if (fn.warnings.ofdTimeout) flags.push('превышено время ожидания ответа ОФД');
  if (flags.length > 0) {
    found.push(condition('fn_warning', severity, `Касса ${name}: ${flags.join('; ')}`, flags.length));
  }
  return found;
}

function ofdBacklogCondition(
  name: string,
  status: RegistrarStatus,
  timeZone: string,
  t: AlertThresholds,
  now: Date,
): Found | undefined {
  if (status.ofd.unsentCount <= 0 || status.ofd.oldestUnsentTime === undefined) return undefined;
  let oldest: Date;
  try {
    oldest = deviceLocalToUtc(status.ofd.oldestUnsentTime, timeZone);
  } catch {
    return undefined;
  }
  const days = Math.floor((now.getTime() - oldest.getTime()) / DAY_MS);
  if (days < t.ofdBacklogWarningDays) return undefined;
  const severity = days >= t.ofdBacklogCriticalDays ? 'critical' : 'warning';
  const toBlock = Math.max(0, OFD_BLOCK_DAYS - days);
  const urgent = days >= t.ofdBacklogUrgentDays ? 'срочно проверьте связь с ОФД; ' : '';
  return condition(
    'ofd_backlog',
    severity,
    // Not the unsent count: it grows with every receipt while the OFD is away, and each change of the
    // message is a history row.
    `Касса ${name}: документ не передан в ОФД ${days} дн.; ${urgent}до блокировки ФН ${toBlock} дн.`,
    days,
  );
}

function shiftCondition(
  name: string,
  status: RegistrarStatus,
  openedAt: string | null,
  t: AlertThresholds,
  now: Date,
): Found | undefined {
  if (status.shift.state === 'expired') {
    return condition(
      'shift_age',
      'critical',
      `Касса ${name}: смена ${status.shift.number} открыта больше 24 ч, чеки не пробиваются — закройте смену`,
      null,
    );
  }
  if (status.shift.state !== 'open' || openedAt === null) return undefined;
  const hours = (now.getTime() - Date.parse(openedAt)) / 3_600_000;
  if (hours <= t.shiftMaxHours) return undefined;
  return condition(
    'shift_age',
    'warning',
    `Касса ${name}: смена ${status.shift.number} открыта больше ${t.shiftMaxHours} ч, закройте её до 24 ч`,
    Math.floor(hours),
  );
}

function boxConditions(snapshot: AlertSnapshot, t: AlertThresholds, now: Date): Found[] {
  const found: Found[] = [];
  const { queue } = snapshot;
  if (queue.oldestPendingAt !== null) {
    const minutes = Math.floor((now.getTime() - Date.parse(queue.oldestPendingAt)) / 60_000);
    if (minutes > t.pendingMinutes) {
      found.push(
        condition(
          'queue_pending_age',
          'warning',
          `Чек ждёт отправки на кассу больше ${t.pendingMinutes} мин`,
          minutes,
        ),
      );
    }
  }
  if (queue.outcomeUnknown > 0) {
    found.push(
      condition(
        'job_outcome_unknown',
        'critical',
        `Заданий с неизвестным исходом: ${queue.outcomeUnknown} — проверьте их в очереди`,
        queue.outcomeUnknown,
      ),
    );
  }
  if (queue.failed > 0) {
    found.push(
      condition('job_failed', 'critical', `Чеков, которые не удалось пробить: ${queue.failed}`, queue.failed),
    );
  }
  if (snapshot.journal !== null && !snapshot.journal.ok) {
    found.push(
      condition(
        'journal_broken',
        'critical',
        `Журнал чеков не прошёл проверку (запись ${snapshot.journal.brokenAtId}): чеки изменены в обход KassaBox`,
        snapshot.journal.brokenAtId,
      ),
    );
  }
  const disk = lowCondition(
    'disk_low',
    snapshot.diskFreeBytes,
    t.diskWarningMb,
    t.diskCriticalMb,
    'места на диске',
  );
  if (disk) found.push(disk);
  const memory = lowCondition(
    'memory_low',
    snapshot.memoryAvailableBytes,
    t.memoryWarningMb,
    t.memoryCriticalMb,
    'свободной памяти',
  );
  if (memory) found.push(memory);
  return found;
}

function lowCondition(
  rule: 'disk_low' | 'memory_low',
  bytes: number | null,
  warningMb: number,
  criticalMb: number,
  what: string,
): Found | undefined {
  if (bytes === null) return undefined;
  const mb = Math.floor(bytes / MIB);
  if (mb >= warningMb) return undefined;
  const limit = mb < criticalMb ? criticalMb : warningMb;
  return condition(rule, mb < criticalMb ? 'critical' : 'warning', `Мало ${what}: меньше ${limit} МБ`, mb);
}
