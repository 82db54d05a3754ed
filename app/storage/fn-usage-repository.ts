// All SQL the FN forecast and the shift-close policy read (app/lifecycle/): how many documents each
// register's FN formed lately, and when the box last closed a register's shift.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface FnUsage {
  registerId: number;
  receipts: number;
  /** Shift open and close reports the box recorded. */
  shiftDocuments: number;
}

export class FnUsageRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** Per register, the documents formed at or after `since` (UTC); registers without any are absent. */
  documentsSince(since: string): FnUsage[] {
    return this.sql
      .prepare(
        `SELECT register_id AS registerId, sum(receipts) AS receipts, sum(shifts) AS shiftDocuments FROM (
           SELECT register_id, count(*) AS receipts, 0 AS shifts FROM receipt
             WHERE fiscalized_at >= @since GROUP BY register_id
           UNION ALL
           SELECT register_id, 0, coalesce(opened_at >= @since, 0) + coalesce(closed_at >= @since, 0) FROM shift
             WHERE opened_at >= @since OR closed_at >= @since
         ) GROUP BY register_id ORDER BY register_id`,
      )
      .all({ since }) as FnUsage[];
  }

  /** When the box last recorded a shift close on this register (UTC), or null. */
  lastShiftClosedAt(registerId: number): string | null {
    const row = this.sql
      .prepare('SELECT max(closed_at) AS at FROM shift WHERE register_id = ?')
      .get(registerId) as { at: string | null };
    return row.at;
  }
}
