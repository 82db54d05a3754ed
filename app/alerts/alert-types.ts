// What an alert is (issue 4 "Alerts"): a condition of the box or of one register that a person must know
// about. The evaluator turns the box's state into conditions; the alert service keeps one alert per
// (rule, subject) while its condition holds, and tells its listeners when an alert is raised, changes
// severity or message, is cleared, or is acknowledged. Notifications, SNMP traps, /metrics and the UI
// all read alerts through this contract.

export const ALERT_RULES = [
  'fn_expiry', // FN validity ends in ≤ 30 / 14 / 3 days
  'fn_memory', // FN archive ≥ 90 % full (or the FN's own memory-nearly-full flag)
  'fn_warning', // another FN warning flag (replace urgently, resource exhausted, OFD timeout…)
  'ofd_backlog', // oldest document not sent to the OFD ≥ 3 / 7 / 20 days (the FN blocks at 30)
  'shift_age', // the open shift is older than 23 h
  'register_offline', // no answer from the register for ≥ 5 min
  'paper_out', // the printer has no paper
  'clock_drift', // device clock differs from the box clock by > 60 s
  'queue_pending_age', // the oldest pending job waits > 10 min
  'job_outcome_unknown', // any outcome_unknown job
  'job_failed', // any failed job
  'no_receipts', // no receipt from a register for X days
  'ofd_paid_period', // the OFD contract's paid period ends soon (data comes with the OFD integration)
  'disk_low', // free space of the data dir below the threshold
  'memory_low', // available memory below the threshold
  'journal_broken', // the receipt journal failed verification
  'notification_failed', // a notification could not be delivered
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export type AlertSeverity = 'warning' | 'critical';

/** `box` for the box as a whole, `register:<id>` for one register. */
export type AlertSubject = 'box' | `register:${number}`;

/** A condition the evaluator found true now; the alert service raises or updates an alert for it. */
export interface AlertCondition {
  rule: AlertRule;
  subject: AlertSubject;
  severity: AlertSeverity;
  /** Russian, one line, for a person: what is wrong and, where it helps, the figure. */
  message: string;
  /** The measured figure behind the condition (days, percent, seconds, count), when there is one. */
  value: number | null;
}

export interface Alert extends AlertCondition {
  id: number;
  registerId: number | null;
  state: 'active' | 'cleared';
  /** Instants, ISO-8601 UTC. */
  raisedAt: string;
  updatedAt: string;
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export type AlertEventKind = 'raised' | 'updated' | 'cleared' | 'acknowledged';

export interface AlertEvent {
  kind: AlertEventKind;
  alert: Alert;
}

export type AlertListener = (event: AlertEvent) => void;

/** What consumers (notifications, SNMP traps, metrics, the UI feed) need from the alert service. */
export interface AlertFeed {
  /** Returns the function that unsubscribes. A listener that throws does not stop the others. */
  subscribe(listener: AlertListener): () => void;
  /** Every active alert, oldest first. */
  active(): Alert[];
}

export function subjectOfRegister(registerId: number): AlertSubject {
  return `register:${registerId}`;
}

export function registerIdOf(subject: AlertSubject): number | null {
  return subject === 'box' ? null : Number(subject.slice('register:'.length));
}
