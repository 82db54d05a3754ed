// All SQL about alerts (migration 007): the alert rows and their history. What raises, updates or clears
// an alert is app/alerts/alert-service.ts; this file only reads and writes rows.
import type {
  Alert,
  AlertCondition,
  AlertEventKind,
  AlertRule,
  AlertSubject,
} from '../alerts/alert-types.ts';
import { registerIdOf } from '../alerts/alert-types.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface AlertFilter {
  state: 'active' | 'cleared' | 'all';
  registerId?: number;
  /** Only alerts with an id below this one (the next page, newest first). */
  beforeId?: number;
  limit: number;
}

export interface AlertEventRow {
  id: number;
  alertId: number;
  kind: AlertEventKind;
  at: string;
  severity: Alert['severity'];
  message: string;
  value: number | null;
  by: string | null;
  comment: string | null;
}

const COLUMNS = `id, rule, subject, register_id AS registerId, severity, message, value, state,
  raised_at AS raisedAt, updated_at AS updatedAt, cleared_at AS clearedAt,
  acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy`;

export class AlertRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** Every active alert, oldest first. */
  active(): Alert[] {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM alert WHERE state = 'active' ORDER BY id`)
      .all() as Alert[];
  }

  get(id: number): Alert | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM alert WHERE id = ?`).get(id) as Alert | undefined;
  }

  /** Newest first. */
  list(filter: AlertFilter): Alert[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.state !== 'all') {
      where.push('state = ?');
      params.push(filter.state);
    }
    if (filter.registerId !== undefined) {
      where.push('register_id = ?');
      params.push(filter.registerId);
    }
    if (filter.beforeId !== undefined) {
      where.push('id < ?');
      params.push(filter.beforeId);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM alert ${clause} ORDER BY id DESC LIMIT ?`)
      .all(...params, filter.limit) as Alert[];
  }

  insert(condition: AlertCondition, at: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO alert (rule, subject, register_id, severity, message, value, state, raised_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
      )
      .run(
        condition.rule,
        condition.subject,
        registerIdOf(condition.subject),
        condition.severity,
        condition.message,
        condition.value,
        at,
        at,
      );
    return Number(result.lastInsertRowid);
  }

  update(id: number, condition: AlertCondition, at: string): void {
    this.sql
      .prepare('UPDATE alert SET severity = ?, message = ?, value = ?, updated_at = ? WHERE id = ?')
      .run(condition.severity, condition.message, condition.value, at, id);
  }

  clear(id: number, at: string): void {
    this.sql
      .prepare(`UPDATE alert SET state = 'cleared', cleared_at = ?, updated_at = ? WHERE id = ?`)
      .run(at, at, id);
  }

  acknowledge(id: number, by: string, at: string): void {
    this.sql
      .prepare('UPDATE alert SET acknowledged_at = ?, acknowledged_by = ?, updated_at = ? WHERE id = ?')
      .run(at, by, at, id);
  }

  addEvent(event: Omit<AlertEventRow, 'id'>): void {
    this.sql
      .prepare(
        `INSERT INTO alert_event (alert_id, kind, at, severity, message, value, by, comment)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        event.alertId,
        event.kind,
        event.at,
        event.severity,
        event.message,
        event.value,
        event.by,
        event.comment,
      );
  }

  /** Oldest first. */
  events(alertId: number): AlertEventRow[] {
    return this.sql
      .prepare(
        `SELECT id, alert_id AS alertId, kind, at, severity, message, value, by, comment
         FROM alert_event WHERE alert_id = ? ORDER BY id`,
      )
      .all(alertId) as AlertEventRow[];
  }

  /** Counts of active alerts per severity (the dashboard badge). */
  activeCounts(): { critical: number; warning: number } {
    const rows = this.sql
      .prepare(`SELECT severity, count(*) AS n FROM alert WHERE state = 'active' GROUP BY severity`)
      .all() as { severity: 'critical' | 'warning'; n: number }[];
    const counts = { critical: 0, warning: 0 };
    for (const row of rows) counts[row.severity] = row.n;
    return counts;
  }
}

export function alertKey(rule: AlertRule, subject: AlertSubject): string {
  return `${rule}|${subject}`;
}
