// All SQL about payments. Decisions (idempotency, validation) live in app/payments.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export type PaymentStatus = 'accepted' | 'fiscalized' | 'failed';

export interface PaymentRow {
  id: number;
  sourceId: number;
  externalId: string;
  account: string;
  amountKopecks: number;
  method: 'cash' | 'electronic';
  customerContact: string | null;
  paidAt: string;
  acceptedAt: string;
  status: PaymentStatus;
}

export type NewPayment = Omit<PaymentRow, 'id' | 'status'>;

export interface PaymentFilter {
  sourceId?: number;
  account?: string;
  externalId?: string;
  status?: PaymentStatus;
  paidFrom?: string;
  paidTo?: string;
  amountKopecks?: number;
  /** Keyset paging: only payments with a smaller id (the last id of the previous page). */
  beforeId?: number;
  limit: number;
  offset: number;
}

const COLUMNS = `id, source_id AS sourceId, external_id AS externalId, account, amount_kopecks AS amountKopecks,
  method, customer_contact AS customerContact, paid_at AS paidAt, accepted_at AS acceptedAt, status`;

export class PaymentRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(payment: NewPayment): number {
    const result = this.sql
      .prepare(
        `INSERT INTO payment (source_id, external_id, account, amount_kopecks, method, customer_contact, paid_at, accepted_at)
         VALUES (@sourceId, @externalId, @account, @amountKopecks, @method, @customerContact, @paidAt, @acceptedAt)`,
      )
      .run(payment);
    return Number(result.lastInsertRowid);
  }

  getById(id: number): PaymentRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM payment WHERE id = ?`).get(id) as PaymentRow | undefined;
  }

  findByExternalId(sourceId: number, externalId: string): PaymentRow | undefined {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM payment WHERE source_id = ? AND external_id = ?`)
      .get(sourceId, externalId) as PaymentRow | undefined;
  }

  setStatus(id: number, status: PaymentStatus): void {
    this.sql.prepare('UPDATE payment SET status = ? WHERE id = ?').run(status, id);
  }

  list(filter: PaymentFilter): { rows: PaymentRow[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const add = (clause: string, key: keyof PaymentFilter) => {
      if (filter[key] === undefined) return;
      where.push(clause);
      params[key] = filter[key];
    };
    add('source_id = @sourceId', 'sourceId');
    add('account = @account', 'account');
    add('external_id = @externalId', 'externalId');
    add('status = @status', 'status');
    add('paid_at >= @paidFrom', 'paidFrom');
    add('paid_at < @paidTo', 'paidTo');
    add('amount_kopecks = @amountKopecks', 'amountKopecks');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.sql.prepare(`SELECT count(*) AS n FROM payment ${clause}`).get(params) as { n: number }
    ).n;
    // The page condition is not part of the total: the total counts every payment that matches.
    const page = filter.beforeId === undefined ? where : [...where, 'id < @beforeId'];
    const pageClause = page.length ? `WHERE ${page.join(' AND ')}` : '';
    const rows = this.sql
      .prepare(`SELECT ${COLUMNS} FROM payment ${pageClause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({
        ...params,
        ...(filter.beforeId === undefined ? {} : { beforeId: filter.beforeId }),
        limit: filter.limit,
        offset: filter.offset,
      }) as PaymentRow[];
    return { rows, total };
  }
}
