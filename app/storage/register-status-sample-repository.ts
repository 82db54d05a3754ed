// All SQL about the history of register states kept for the charts (migration 004). The decision when
// to keep a sample is register-status-recorder.ts's.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface StatusSample {
  registerId: number;
  at: string;
  fnNumber: string;
  lastFdNumber: number;
  freeDocuments: number | null;
  fillPercent: number | null;
  ofdUnsentCount: number;
}

const COLUMNS = `register_id AS registerId, at, fn_number AS fnNumber, last_fd_number AS lastFdNumber,
  free_documents AS freeDocuments, fill_percent AS fillPercent, ofd_unsent_count AS ofdUnsentCount`;

export class RegisterStatusSampleRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(sample: StatusSample): void {
    this.sql
      .prepare(
        `INSERT INTO register_status_sample
           (register_id, at, fn_number, last_fd_number, free_documents, fill_percent, ofd_unsent_count)
         VALUES (@registerId, @at, @fnNumber, @lastFdNumber, @freeDocuments, @fillPercent, @ofdUnsentCount)`,
      )
      .run(sample);
  }

  latest(registerId: number): StatusSample | undefined {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM register_status_sample WHERE register_id = ? ORDER BY at DESC LIMIT 1`)
      .get(registerId) as StatusSample | undefined;
  }

  /** Samples with from ≤ at < to, oldest first; of one register or of all. */
  list(filter: { registerId?: number; from: string; to: string }): StatusSample[] {
    const register = filter.registerId === undefined ? '' : 'AND register_id = @registerId';
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM register_status_sample WHERE at >= @from AND at < @to ${register}
         ORDER BY register_id, at`,
      )
      .all(filter) as StatusSample[];
  }
}
