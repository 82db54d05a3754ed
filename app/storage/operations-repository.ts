// All SQL the dashboard and the statistics read across tables (receipts by day and register, the
// unfinished queue, when a shift was opened). Read-only; the numbers are shaped in app/operations/.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface ReceiptTotals {
  registerId: number;
  count: number;
  sumKopecks: number;
}

export interface DayTotals extends ReceiptTotals {
  day: string;
}

export type UnfinishedState = 'pending' | 'sending' | 'outcome_unknown' | 'failed';

export class OperationsRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** Receipts fiscalized with from ≤ fiscalized_at < to, per register. */
  receiptTotals(from: string, to: string): ReceiptTotals[] {
    return this.sql
      .prepare(
        `SELECT register_id AS registerId, count(*) AS count, sum(total_kopecks) AS sumKopecks FROM receipt
         WHERE fiscalized_at >= ? AND fiscalized_at < ? GROUP BY register_id ORDER BY register_id`,
      )
      .all(from, to) as ReceiptTotals[];
  }

  /**
   * Receipts per day and register. The days come as one JSON array of [day, start, end] (UTC bounds
   * computed in the box zone), so one statement serves any range and each day is an index range scan.
   */
  receiptsPerDay(days: readonly { day: string; start: string; end: string }[]): DayTotals[] {
    return this.sql
      .prepare(
        `WITH days AS (
           SELECT value ->> '$[0]' AS day, value ->> '$[1]' AS day_start, value ->> '$[2]' AS day_end
           FROM json_each(?)
         )
         SELECT days.day AS day, r.register_id AS registerId, count(*) AS count, sum(r.total_kopecks) AS sumKopecks
         FROM days JOIN receipt r ON r.fiscalized_at >= days.day_start AND r.fiscalized_at < days.day_end
         GROUP BY days.day, r.register_id ORDER BY days.day, r.register_id`,
      )
      .all(JSON.stringify(days.map((d) => [d.day, d.start, d.end]))) as DayTotals[];
  }

  /** Jobs not done, per state (the index on state skips the done ones, which are nearly all). */
  unfinishedCounts(): Record<UnfinishedState, number> {
    const counts: Record<UnfinishedState, number> = { pending: 0, sending: 0, outcome_unknown: 0, failed: 0 };
    const rows = this.sql
      .prepare(
        `SELECT state, count(*) AS n FROM fiscal_job
         WHERE state IN ('pending', 'sending', 'outcome_unknown', 'failed') GROUP BY state`,
      )
      .all() as { state: UnfinishedState; n: number }[];
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  oldestPendingAt(): string | null {
    const row = this.sql
      .prepare(`SELECT min(created_at) AS at FROM fiscal_job WHERE state = 'pending'`)
      .get() as { at: string | null };
    return row.at;
  }

  /** When the box saw this shift open, if it did. */
  shiftOpenedAt(registerId: number, fnNumber: string, number: number): string | null {
    const row = this.sql
      .prepare('SELECT opened_at AS at FROM shift WHERE register_id = ? AND fn_number = ? AND number = ?')
      .get(registerId, fnNumber, number) as { at: string | null } | undefined;
    return row?.at ?? null;
  }
}
