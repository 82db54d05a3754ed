// All SQL about where a source's results go back (source_result_target): its callback and whether to
// mark payments in the billing. The secret is stored because the box must sign with it.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface ResultTargetRow {
  sourceId: number;
  callbackUrl: string | null;
  callbackSecret: string | null;
  markInBilling: boolean;
  updatedAt: string;
}

const COLUMNS = `source_id AS sourceId, callback_url AS callbackUrl, callback_secret AS callbackSecret,
  mark_in_billing AS markInBilling, updated_at AS updatedAt`;

export class ResultTargetRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  get(sourceId: number): ResultTargetRow | undefined {
    const row = this.sql
      .prepare(`SELECT ${COLUMNS} FROM source_result_target WHERE source_id = ?`)
      .get(sourceId) as (Omit<ResultTargetRow, 'markInBilling'> & { markInBilling: number }) | undefined;
    return row === undefined ? undefined : { ...row, markInBilling: row.markInBilling === 1 };
  }

  put(target: ResultTargetRow): void {
    this.sql
      .prepare(
        `INSERT INTO source_result_target (source_id, callback_url, callback_secret, mark_in_billing, updated_at)
         VALUES (@sourceId, @callbackUrl, @callbackSecret, @markInBilling, @updatedAt)
         ON CONFLICT (source_id) DO UPDATE SET callback_url = excluded.callback_url,
           callback_secret = excluded.callback_secret, mark_in_billing = excluded.mark_in_billing,
           updated_at = excluded.updated_at`,
      )
      .run({ ...target, markInBilling: target.markInBilling ? 1 : 0 });
  }
}
