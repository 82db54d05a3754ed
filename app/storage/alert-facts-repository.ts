// The SQL the alert snapshot needs beyond what other repositories answer: each register's last receipt
// and the clock drift the lifecycle module stores on the register (a column that exists only once its
// migration has run; until then the clock rule has nothing to read).
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export class AlertFactsRepository {
  private readonly db: Db;
  private readonly sql: Statements;
  private driftColumn: boolean | undefined;

  constructor(db: Db) {
    this.db = db;
    this.sql = new Statements(db);
  }

  /** When the register's last receipt was fiscalized; null when it has none. */
  lastReceiptAt(registerId: number): string | null {
    const row = this.sql
      .prepare('SELECT max(fiscalized_at) AS at FROM receipt WHERE register_id = ?')
      .get(registerId) as { at: string | null };
    return row.at;
  }

  /** Device minus box clock in seconds at the last read, by register id (only registers that have one). */
  clockDrifts(): Map<number, number> {
    const drifts = new Map<number, number>();
    if (!this.hasDriftColumn()) return drifts;
    const rows = this.sql
      .prepare('SELECT id, clock_drift_seconds AS drift FROM register WHERE clock_drift_seconds IS NOT NULL')
      .all() as { id: number; drift: number }[];
    for (const row of rows) drifts.set(row.id, row.drift);
    return drifts;
  }

  private hasDriftColumn(): boolean {
    this.driftColumn ??= (this.db.pragma('table_info(register)') as { name: string }[]).some(
      (column) => column.name === 'clock_drift_seconds',
    );
    return this.driftColumn;
  }
}
