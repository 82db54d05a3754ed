// Each register's last receipt, for the SNMP register table (kbRegisterLastReceiptTime). The journal is
// append-only (triggers of migration 1), so only the rows after the last one seen are read: a rowid
// range scan per refresh instead of a full GROUP BY over every receipt the box ever made.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export class LastReceiptRepository {
  private readonly sql: Statements;
  private readonly last = new Map<number, string>();
  private lastId = 0;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** fiscalized_at (ISO UTC) of each register's latest receipt; registers without one are absent. */
  byRegister(): ReadonlyMap<number, string> {
    const rows = this.sql
      .prepare(
        `SELECT register_id AS registerId, max(fiscalized_at) AS at, max(id) AS lastId
         FROM receipt WHERE id > ? GROUP BY register_id`,
      )
      .all(this.lastId) as { registerId: number; at: string; lastId: number }[];
    for (const row of rows) {
      const known = this.last.get(row.registerId);
      if (known === undefined || row.at > known) this.last.set(row.registerId, row.at);
      this.lastId = Math.max(this.lastId, row.lastId);
    }
    return this.last;
  }
}
