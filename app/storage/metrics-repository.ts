// The SQL GET /metrics reads beyond the dashboard view: receipts per register past a journal id. The
// journal is append-only (triggers of migration 1), so counting only the rows after the last one seen
// keeps a scrape cheap however long the journal grows: a rowid range scan instead of a full count.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface ReceiptTallyRow {
  registerId: number;
  count: number;
  /** The latest fiscalized_at among the counted receipts. */
  lastFiscalizedAt: string;
  /** The highest receipt id among them: where the next read starts. */
  lastId: number;
}

export class MetricsRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** Receipts with id > afterId, per register. */
  receiptsSince(afterId: number): ReceiptTallyRow[] {
    return this.sql
      .prepare(
        `SELECT register_id AS registerId, count(*) AS count, max(fiscalized_at) AS lastFiscalizedAt,
           max(id) AS lastId
         FROM receipt WHERE id > ? GROUP BY register_id ORDER BY register_id`,
      )
      .all(afterId) as ReceiptTallyRow[];
  }
}
