// All SQL about receipts, which are also the hash-chained journal (migration 001: append-only triggers).
import { entryHash, GENESIS_HASH, type JournalEntry } from '../journal/journal-hash.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface ReceiptRow extends JournalEntry {
  prevHash: string;
  hash: string;
}

export type NewReceipt = Omit<JournalEntry, 'id'>;

const COLUMNS = `id, fiscal_job_id AS fiscalJobId, payment_id AS paymentId, register_id AS registerId,
  fn_number AS fnNumber, fd_number AS fdNumber, fiscal_sign AS fiscalSign, shift_number AS shiftNumber, operation,
  total_kopecks AS totalKopecks, device_time AS deviceTime, fiscalized_at AS fiscalizedAt, qr, resolution,
  created_at AS createdAt, prev_hash AS prevHash, hash`;

export class ReceiptRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** Appends to the journal. Call inside the transaction that also marks the job done. */
  append(receipt: NewReceipt): ReceiptRow {
    const last = this.sql.prepare('SELECT id, hash FROM receipt ORDER BY id DESC LIMIT 1').get() as
      | { id: number; hash: string }
      | undefined;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry: JournalEntry = { ...receipt, id: (last?.id ?? 0) + 1 };
    const hash = entryHash(entry, prevHash);
    this.sql
      .prepare(
        `INSERT INTO receipt (id, fiscal_job_id, payment_id, register_id, fn_number, fd_number, fiscal_sign, shift_number,
           operation, total_kopecks, device_time, fiscalized_at, qr, resolution, created_at, prev_hash, hash)
         VALUES (@id, @fiscalJobId, @paymentId, @registerId, @fnNumber, @fdNumber, @fiscalSign, @shiftNumber,
           @operation, @totalKopecks, @deviceTime, @fiscalizedAt, @qr, @resolution, @createdAt, @prevHash, @hash)`,
      )
      .run({ ...entry, prevHash, hash });
    return { ...entry, prevHash, hash };
  }

  getById(id: number): ReceiptRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM receipt WHERE id = ?`).get(id) as ReceiptRow | undefined;
  }

  getByPaymentId(paymentId: number): ReceiptRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM receipt WHERE payment_id = ?`).get(paymentId) as
      | ReceiptRow
      | undefined;
  }

  isClaimed(fnNumber: string, fdNumber: number): boolean {
    return (
      this.sql
        .prepare('SELECT 1 FROM receipt WHERE fn_number = ? AND fd_number = ?')
        .get(fnNumber, fdNumber) !== undefined
    );
  }

  list(filter: { registerId?: number; paymentId?: number; limit: number; offset: number }): ReceiptRow[] {
    const where: string[] = [];
    if (filter.registerId !== undefined) where.push('register_id = @registerId');
    if (filter.paymentId !== undefined) where.push('payment_id = @paymentId');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM receipt ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all(filter) as ReceiptRow[];
  }

  /** Every journal row in chain order, streamed so a large journal does not sit in memory at once. */
  iterateAll(): IterableIterator<ReceiptRow> {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM receipt ORDER BY id`)
      .iterate() as IterableIterator<ReceiptRow>;
  }

  countSince(fiscalizedFrom: string): number {
    return (
      this.sql.prepare('SELECT count(*) AS n FROM receipt WHERE fiscalized_at >= ?').get(fiscalizedFrom) as {
        n: number;
      }
    ).n;
  }
}
