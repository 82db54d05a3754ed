// All SQL about results going back: the planner's cursor over fiscal_job_event (result_cursor), the
// finished jobs after it, and the delivery queue (result_delivery).
import type { DeliveryKind, FinishedPayment } from '../results/delivery-planner.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export type ResultDeliveryState = 'pending' | 'delivered' | 'failed';

export interface ResultDeliveryRow {
  id: number;
  paymentId: number;
  kind: DeliveryKind;
  outcome: 'done' | 'failed';
  url: string | null;
  bodyJson: string | null;
  state: ResultDeliveryState;
  attempts: number;
  notBefore: string;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FinishedEvent extends FinishedPayment {
  eventId: number;
}

const COLUMNS = `id, payment_id AS paymentId, kind, outcome, url, body_json AS bodyJson, state, attempts,
  not_before AS notBefore, last_error AS lastError, delivered_at AS deliveredAt, created_at AS createdAt,
  updated_at AS updatedAt`;

export class ResultDeliveryRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** The last job event the planner has handled; 0 before the first. */
  cursor(): number {
    const value = this.sql.prepare('SELECT last_event_id FROM result_cursor WHERE id = 1').pluck().get() as
      | number
      | undefined;
    return value ?? 0;
  }

  setCursor(lastEventId: number): void {
    this.sql
      .prepare(
        `INSERT INTO result_cursor (id, last_event_id) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id`,
      )
      .run(lastEventId);
  }

  /** The newest job event id: where a planner starts on a box that already has history. */
  lastEventId(): number {
    return (
      (this.sql.prepare('SELECT coalesce(max(id), 0) FROM fiscal_job_event').pluck().get() as number) ?? 0
    );
  }

  /** Job events after `afterId`, oldest first, and of them the ones that finished a job (done, failed). */
  eventsAfter(afterId: number, limit: number): { lastId: number; finished: FinishedEvent[] } {
    const rows = this.sql
      .prepare(
        `SELECT e.id AS eventId, e.to_state AS toState, p.id AS paymentId, p.source_id AS sourceId,
           p.external_id AS externalId
         FROM fiscal_job_event e JOIN fiscal_job j ON j.id = e.fiscal_job_id JOIN payment p ON p.id = j.payment_id
         WHERE e.id > ? ORDER BY e.id LIMIT ?`,
      )
      .all(afterId, limit) as {
      eventId: number;
      toState: string;
      paymentId: number;
      sourceId: number;
      externalId: string;
    }[];
    const finished: FinishedEvent[] = [];
    for (const row of rows) {
      if (row.toState !== 'done' && row.toState !== 'failed') continue;
      finished.push({
        eventId: row.eventId,
        paymentId: row.paymentId,
        sourceId: row.sourceId,
        externalId: row.externalId,
        outcome: row.toState,
      });
    }
    return { lastId: rows.at(-1)?.eventId ?? afterId, finished };
  }

  /** Planned once per (payment, kind, outcome): a second plan of the same is ignored. */
  plan(
    delivery: {
      paymentId: number;
      kind: DeliveryKind;
      outcome: 'done' | 'failed';
      url: string | null;
      bodyJson: string | null;
    },
    now: string,
  ): boolean {
    return (
      this.sql
        .prepare(
          `INSERT OR IGNORE INTO result_delivery (payment_id, kind, outcome, url, body_json, not_before, created_at,
             updated_at)
           VALUES (@paymentId, @kind, @outcome, @url, @bodyJson, @now, @now, @now)`,
        )
        .run({ ...delivery, now }).changes === 1
    );
  }

  getById(id: number): ResultDeliveryRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM result_delivery WHERE id = ?`).get(id) as
      | ResultDeliveryRow
      | undefined;
  }

  /** Pending deliveries due at `now`, oldest due first. */
  due(now: string, limit: number): ResultDeliveryRow[] {
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM result_delivery WHERE state = 'pending' AND not_before <= ?
         ORDER BY not_before, id LIMIT ?`,
      )
      .all(now, limit) as ResultDeliveryRow[];
  }

  /** Newest first. */
  list(filter: { state?: ResultDeliveryState; paymentId?: number; limit: number }): ResultDeliveryRow[] {
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM result_delivery
         WHERE (@state IS NULL OR state = @state) AND (@paymentId IS NULL OR payment_id = @paymentId)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({
        state: filter.state ?? null,
        paymentId: filter.paymentId ?? null,
        limit: filter.limit,
      }) as ResultDeliveryRow[];
  }

  markDelivered(id: number, at: string): void {
    this.sql
      .prepare(
        `UPDATE result_delivery SET state = 'delivered', attempts = attempts + 1, last_error = NULL,
           delivered_at = @at, updated_at = @at WHERE id = @id AND state = 'pending'`,
      )
      .run({ id, at });
  }

  /** A failed attempt: try again at `retryAt`, or give up (state failed) when it is null. */
  markAttemptFailed(id: number, error: string, at: string, retryAt: string | null): void {
    this.sql
      .prepare(
        `UPDATE result_delivery SET attempts = attempts + 1, last_error = @error, updated_at = @at,
           state = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END,
           not_before = coalesce(@retryAt, not_before)
         WHERE id = @id AND state = 'pending'`,
      )
      .run({ id, error, at, retryAt });
  }

  /** A person's retry: a failed (or pending) delivery is due now again, its 24 hours counted anew. */
  retry(id: number, now: string): void {
    this.sql
      .prepare(
        `UPDATE result_delivery SET state = 'pending', not_before = @now, attempts = 0, updated_at = @now
         WHERE id = @id AND state IN ('pending', 'failed')`,
      )
      .run({ id, now });
  }

  /** The instant the next pending delivery is due, if any. */
  nextDueAt(): string | undefined {
    return (
      (this.sql
        .prepare("SELECT min(not_before) FROM result_delivery WHERE state = 'pending'")
        .pluck()
        .get() as string | null) ?? undefined
    );
  }
}
