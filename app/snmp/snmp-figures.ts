// What the SNMP agent serves, as plain numbers and strings in the units of docs/KASSABOX-MIB.txt: built
// from the dashboard (the same figures the web UI shows), the FN numbers of the registers' last status
// reads, each register's last receipt and the active alerts. Pure, so the MIB's conventions (-1 = not
// known, ages in seconds, times in Unix seconds) are tested without a socket.
import type { Alert } from '../alerts/alert-types.ts';
import type { DashboardJson, DashboardRegisterJson } from '../http/schemas/operations.ts';

/** The FN blocks once a document has waited this long for the OFD (54-FZ art. 4.1). */
export const OFD_BLOCK_DAYS = 30;
const DAY_SECONDS = 86_400;
/** -1 in an Integer32 column: the register has not reported the figure. */
export const UNKNOWN = -1;

export interface BoxFigures {
  version: string;
  /** Hundredths of a second, as TimeTicks. */
  uptimeTicks: number;
  queueDepth: number;
  oldestPendingAge: number;
  outcomeUnknown: number;
  failed: number;
  receiptsToday: number;
  alertsCritical: number;
  alertsWarning: number;
  registerCount: number;
}

export const REGISTER_STATE = { online: 1, offline: 2, disabled: 3 } as const;
export const SHIFT_STATE = { closed: 1, open: 2, expired: 3, unknown: 4 } as const;
export const PAPER = { present: 1, out: 2, out_waiting_continue: 3, unknown: 4 } as const;
export const SEVERITY = { warning: 1, critical: 2 } as const;
export const ALERT_STATE = { active: 1, cleared: 2 } as const;
export const TRUTH = { true: 1, false: 2 } as const;

export interface RegisterRow {
  index: number;
  name: string;
  state: number;
  shiftState: number;
  shiftAge: number;
  fnNumber: string;
  fnDaysLeft: number;
  fnFillPercent: number;
  unsentCount: number;
  oldestUnsentAge: number;
  daysToBlock: number;
  paper: number;
  lastReceiptTime: number;
  fnValidUntil: string;
}

export interface AlertRow {
  id: number;
  rule: string;
  subject: string;
  registerIndex: number;
  severity: number;
  message: string;
  raisedTime: number;
  acknowledged: number;
  state: number;
}

export interface Figures {
  box: BoxFigures;
  registers: RegisterRow[];
  alerts: AlertRow[];
}

export interface FigureSources {
  dashboard: DashboardJson;
  /** FN number per register id, from the last status read. */
  fnNumbers: ReadonlyMap<number, string>;
  /** The last receipt's fiscalized_at (ISO UTC) per register id. */
  lastReceipts: ReadonlyMap<number, string>;
  alerts: readonly Alert[];
  version: string;
  startedAt: Date;
  now: Date;
}

export function buildFigures(sources: FigureSources): Figures {
  const { dashboard, now } = sources;
  const { queue } = dashboard;
  const box: BoxFigures = {
    version: sources.version,
    uptimeTicks: Math.max(0, Math.floor((now.getTime() - sources.startedAt.getTime()) / 10)) % 2 ** 32,
    queueDepth: queue.pending + queue.sending,
    oldestPendingAge: Math.max(0, ageSeconds(queue.oldest_pending_at, now) ?? 0),
    outcomeUnknown: queue.outcome_unknown,
    failed: queue.failed,
    receiptsToday: dashboard.receipts_today.count,
    alertsCritical: sources.alerts.filter((a) => a.severity === 'critical').length,
    alertsWarning: sources.alerts.filter((a) => a.severity === 'warning').length,
    registerCount: dashboard.registers.length,
  };
  return {
    box,
    registers: dashboard.registers.map((line) => registerRow(line, sources)),
    alerts: sources.alerts.map(alertRow),
  };
}

function registerRow(line: DashboardRegisterJson, sources: FigureSources): RegisterRow {
  const { now } = sources;
  const unsent = line.ofd_unsent_count;
  const oldestUnsentAge =
    unsent === null ? UNKNOWN : unsent === 0 ? 0 : (ageSeconds(line.ofd_oldest_unsent_at, now) ?? UNKNOWN);
  const shiftAge = line.shift_state === 'closed' ? null : ageSeconds(line.shift_opened_at, now);
  const lastReceipt = sources.lastReceipts.get(line.id);
  return {
    index: line.id,
    name: line.name,
    state: !line.enabled
      ? REGISTER_STATE.disabled
      : line.online
        ? REGISTER_STATE.online
        : REGISTER_STATE.offline,
    shiftState: line.shift_state === null ? SHIFT_STATE.unknown : SHIFT_STATE[line.shift_state],
    shiftAge: shiftAge === null ? UNKNOWN : Math.max(0, shiftAge),
    fnNumber: sources.fnNumbers.get(line.id) ?? '',
    fnDaysLeft: line.fn_days_left === null ? UNKNOWN : Math.max(0, line.fn_days_left),
    fnFillPercent: line.fn_fill_percent === null ? UNKNOWN : clamp(Math.round(line.fn_fill_percent), 0, 100),
    unsentCount: unsent ?? UNKNOWN,
    oldestUnsentAge: oldestUnsentAge === UNKNOWN ? UNKNOWN : Math.max(0, oldestUnsentAge),
    daysToBlock:
      oldestUnsentAge === UNKNOWN
        ? UNKNOWN
        : clamp(OFD_BLOCK_DAYS - Math.floor(oldestUnsentAge / DAY_SECONDS), 0, OFD_BLOCK_DAYS),
    paper: line.paper === null ? PAPER.unknown : PAPER[line.paper],
    lastReceiptTime: lastReceipt === undefined ? 0 : unixSeconds(lastReceipt),
    fnValidUntil: line.fn_valid_until ?? '',
  };
}

export function alertRow(alert: Alert): AlertRow {
  return {
    id: alert.id,
    rule: alert.rule,
    subject: alert.subject,
    registerIndex: alert.registerId ?? 0,
    severity: SEVERITY[alert.severity],
    message: alert.message,
    raisedTime: unixSeconds(alert.raisedAt),
    acknowledged: alert.acknowledgedAt === null ? TRUTH.false : TRUTH.true,
    state: ALERT_STATE[alert.state],
  };
}

function ageSeconds(iso: string | null | undefined, now: Date): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.floor((now.getTime() - at) / 1000);
}

function unixSeconds(iso: string): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor(at / 1000));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
