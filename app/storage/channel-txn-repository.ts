// All SQL about channel transactions: each notification's payment, stored under (channel, txn_id)
// before anything else happens, and its billing post state (channels.ts in migration 010).
import type { ChannelOutcome } from '../channels/channel-outcomes.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export type BillingState = 'received' | 'posted' | 'rejected' | 'not_needed';

export interface ChannelTxnRow {
  id: number;
  channelId: number;
  txnId: string;
  account: string;
  amountKopecks: number;
  txnDate: string | null;
  paidAt: string;
  billingState: BillingState;
  billingPaymentId: string | null;
  paymentId: number | null;
  refusal: ChannelOutcome | null;
  postInDoubt: boolean;
  attempts: number;
  notBefore: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewChannelTxn {
  channelId: number;
  txnId: string;
  account: string;
  amountKopecks: number;
  txnDate: string | null;
  paidAt: string;
  billingState: BillingState;
}

const COLUMNS = `id, channel_id AS channelId, txn_id AS txnId, account, amount_kopecks AS amountKopecks,
  txn_date AS txnDate, paid_at AS paidAt, billing_state AS billingState, billing_payment_id AS billingPaymentId,
  payment_id AS paymentId, refusal, post_in_doubt AS postInDoubt, attempts, not_before AS notBefore,
  last_error AS lastError, created_at AS createdAt, updated_at AS updatedAt`;

type Stored = Omit<ChannelTxnRow, 'postInDoubt'> & { postInDoubt: number };

function row(stored: Stored | undefined): ChannelTxnRow | undefined {
  return stored === undefined ? undefined : { ...stored, postInDoubt: stored.postInDoubt === 1 };
}

export class ChannelTxnRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  getById(id: number): ChannelTxnRow | undefined {
    return row(
      this.sql.prepare(`SELECT ${COLUMNS} FROM channel_txn WHERE id = ?`).get(id) as Stored | undefined,
    );
  }

  find(channelId: number, txnId: string): ChannelTxnRow | undefined {
    return row(
      this.sql
        .prepare(`SELECT ${COLUMNS} FROM channel_txn WHERE channel_id = ? AND txn_id = ?`)
        .get(channelId, txnId) as Stored | undefined,
    );
  }

  insert(txn: NewChannelTxn, now: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO channel_txn (channel_id, txn_id, account, amount_kopecks, txn_date, paid_at, billing_state,
           not_before, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        txn.channelId,
        txn.txnId,
        txn.account,
        txn.amountKopecks,
        txn.txnDate,
        txn.paidAt,
        txn.billingState,
        now,
        now,
        now,
      );
    return Number(result.lastInsertRowid);
  }

  setPayment(id: number, paymentId: number, now: string): void {
    this.sql
      .prepare('UPDATE channel_txn SET payment_id = ?, updated_at = ? WHERE id = ? AND payment_id IS NULL')
      .run(paymentId, now, id);
  }

  /** Just before the post is sent: from here until its answer is stored, its outcome is in doubt. */
  markPostSent(id: number, now: string): void {
    this.sql
      .prepare(
        'UPDATE channel_txn SET post_in_doubt = 1, attempts = attempts + 1, updated_at = ? WHERE id = ?',
      )
      .run(now, id);
  }

  markPosted(id: number, billingPaymentId: string, now: string): void {
    this.sql
      .prepare(
        `UPDATE channel_txn SET billing_state = 'posted', billing_payment_id = ?, post_in_doubt = 0, last_error = NULL,
           updated_at = ? WHERE id = ?`,
      )
      .run(billingPaymentId, now, id);
  }

  markRejected(id: number, error: string, now: string): void {
    this.sql
      .prepare(
        `UPDATE channel_txn SET billing_state = 'rejected', post_in_doubt = 0, last_error = ?, updated_at = ? WHERE id = ?`,
      )
      .run(error, now, id);
  }

  /** The channel was refused: a repeat gets the same answer, and no payment is ever taken for it. */
  setRefusal(id: number, refusal: ChannelOutcome, error: string, now: string): void {
    this.sql
      .prepare(
        `UPDATE channel_txn SET billing_state = 'rejected', refusal = ?, last_error = ?, updated_at = ?
           WHERE id = ? AND payment_id IS NULL`,
      )
      .run(refusal, error, now, id);
  }

  markRetry(id: number, error: string, notBefore: string, inDoubt: boolean, now: string): void {
    this.sql
      .prepare(
        'UPDATE channel_txn SET last_error = ?, not_before = ?, post_in_doubt = ?, updated_at = ? WHERE id = ?',
      )
      .run(error, notBefore, inDoubt ? 1 : 0, now, id);
  }

  /** A person asks for another try (after fixing the account in the billing). */
  requeue(id: number, now: string): void {
    this.sql
      .prepare(
        `UPDATE channel_txn SET billing_state = 'received', not_before = ?, updated_at = ? WHERE id = ? AND billing_state = 'rejected' AND payment_id IS NOT NULL`,
      )
      .run(now, now, id);
  }

  /** Taken payments whose billing post is still to be done, oldest due first. */
  due(now: string, limit: number): ChannelTxnRow[] {
    return (
      this.sql
        .prepare(
          `SELECT ${COLUMNS} FROM channel_txn WHERE billing_state = 'received' AND payment_id IS NOT NULL
             AND not_before <= ? ORDER BY not_before, id LIMIT ?`,
        )
        .all(now, limit) as Stored[]
    ).map((s) => row(s)!);
  }

  /** The earliest not_before of the pending posts, to sleep until then. */
  nextDue(): string | undefined {
    const found = this.sql
      .prepare(
        `SELECT min(not_before) AS at FROM channel_txn WHERE billing_state = 'received' AND payment_id IS NOT NULL`,
      )
      .get() as { at: string | null };
    return found.at ?? undefined;
  }

  list(
    channelId: number,
    filter: { limit: number; beforeId?: number | undefined; state?: BillingState | undefined },
  ): ChannelTxnRow[] {
    const state = filter.state ?? null;
    return (
      this.sql
        .prepare(
          `SELECT ${COLUMNS} FROM channel_txn WHERE channel_id = ? AND id < ? AND (? IS NULL OR billing_state = ?)
             ORDER BY id DESC LIMIT ?`,
        )
        .all(channelId, filter.beforeId ?? Number.MAX_SAFE_INTEGER, state, state, filter.limit) as Stored[]
    ).map((s) => row(s)!);
  }
}
