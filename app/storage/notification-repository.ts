// All SQL about the delivery queue and log of notifications (table `notification`).
import type { Alert } from '../alerts/alert-types.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
/** What happened to the alert: `escalated` is a severity increase; `test` is "send test" of a channel. */
export type NotificationEventKind = 'raised' | 'escalated' | 'cleared' | 'test';

export interface DeliveryRow {
  id: number;
  channelId: number;
  channelName: string;
  alertId: number | null;
  eventKind: NotificationEventKind;
  /** The alert as it was when the event happened: the message describes that moment. */
  alert: Alert | null;
  state: DeliveryState;
  attempts: number;
  nextAt: string;
  lastError: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NewDelivery {
  channelId: number;
  alertId: number | null;
  eventKind: NotificationEventKind;
  alert: Alert | null;
  state: DeliveryState;
  attempts: number;
  nextAt: string;
  lastError: string | null;
  lastAttemptAt: string | null;
  sentAt: string | null;
}

export interface DeliveryFilter {
  state?: DeliveryState;
  channelId?: number;
  limit: number;
  beforeId?: number;
}

interface StoredDelivery extends Omit<DeliveryRow, 'alert'> {
  alertJson: string;
}

const COLUMNS = `n.id, n.channel_id AS channelId, c.name AS channelName, n.alert_id AS alertId,
  n.event_kind AS eventKind, n.alert_json AS alertJson, n.state, n.attempts, n.next_at AS nextAt,
  n.last_error AS lastError, n.last_attempt_at AS lastAttemptAt, n.created_at AS createdAt,
  n.sent_at AS sentAt`;
const FROM = 'FROM notification n JOIN notification_channel c ON c.id = n.channel_id';

function toRow(row: StoredDelivery): DeliveryRow {
  const { alertJson, ...rest } = row;
  return { ...rest, alert: JSON.parse(alertJson) as Alert | null };
}

export class NotificationRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(delivery: NewDelivery, at: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO notification (channel_id, alert_id, event_kind, alert_json, state, attempts, next_at,
           last_error, last_attempt_at, created_at, sent_at)
         VALUES (@channelId, @alertId, @eventKind, @alertJson, @state, @attempts, @nextAt, @lastError,
           @lastAttemptAt, @at, @sentAt)`,
      )
      .run({
        channelId: delivery.channelId,
        alertId: delivery.alertId,
        eventKind: delivery.eventKind,
        alertJson: JSON.stringify(delivery.alert),
        state: delivery.state,
        attempts: delivery.attempts,
        nextAt: delivery.nextAt,
        lastError: delivery.lastError,
        lastAttemptAt: delivery.lastAttemptAt,
        sentAt: delivery.sentAt,
        at,
      });
    return Number(result.lastInsertRowid);
  }

  getById(id: number): DeliveryRow | undefined {
    const row = this.sql.prepare(`SELECT ${COLUMNS} ${FROM} WHERE n.id = ?`).get(id);
    return row === undefined ? undefined : toRow(row as StoredDelivery);
  }

  /** Pending deliveries due at `now`, oldest first. */
  due(now: string, limit: number): DeliveryRow[] {
    const rows = this.sql
      .prepare(
        `SELECT ${COLUMNS} ${FROM} WHERE n.state = 'pending' AND n.next_at <= ? ORDER BY n.next_at, n.id LIMIT ?`,
      )
      .all(now, limit);
    return (rows as StoredDelivery[]).map(toRow);
  }

  /** The instant the next pending delivery is due, if any. */
  nextDueAt(): string | undefined {
    const row = this.sql
      .prepare("SELECT min(next_at) AS at FROM notification WHERE state = 'pending'")
      .get() as {
      at: string | null;
    };
    return row.at ?? undefined;
  }

  /** Newest first. */
  list(filter: DeliveryFilter): DeliveryRow[] {
    const rows = this.sql
      .prepare(
        `SELECT ${COLUMNS} ${FROM}
         WHERE (@state IS NULL OR n.state = @state) AND (@channelId IS NULL OR n.channel_id = @channelId)
           AND (@beforeId IS NULL OR n.id < @beforeId)
         ORDER BY n.id DESC LIMIT @limit`,
      )
      .all({
        state: filter.state ?? null,
        channelId: filter.channelId ?? null,
        beforeId: filter.beforeId ?? null,
        limit: filter.limit,
      });
    return (rows as StoredDelivery[]).map(toRow);
  }

  markSent(id: number, at: string): void {
    this.sql
      .prepare(
        `UPDATE notification SET state = 'sent', attempts = attempts + 1, last_attempt_at = @at, sent_at = @at
         WHERE id = @id`,
      )
      .run({ id, at });
  }

  /** A failed attempt: try again at `retryAt`, or give up (state failed) when it is null. */
  markAttemptFailed(id: number, error: string, at: string, retryAt: string | null): void {
    this.sql
      .prepare(
        `UPDATE notification SET attempts = attempts + 1, last_error = @error, last_attempt_at = @at,
           state = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END,
           next_at = coalesce(@retryAt, next_at)
         WHERE id = @id`,
      )
      .run({ id, error, at, retryAt });
  }

  /** Gives up without an attempt (the channel was disabled while the delivery waited). */
  markFailed(id: number, error: string, at: string): void {
    this.sql
      .prepare(
        `UPDATE notification SET state = 'failed', last_error = @error, last_attempt_at = @at WHERE id = @id`,
      )
      .run({ id, error, at });
  }

  /** Waits without an attempt until `at` (quiet hours). */
  postpone(id: number, until: string): void {
    this.sql.prepare('UPDATE notification SET next_at = ? WHERE id = ?').run(until, id);
  }

  /**
   * The channels whose latest attempt (a delivery or a test) failed, with its error. An attempt that
   * will be retried counts: the channel is not reaching anyone right now.
   */
  failingChannels(): { channelId: number; channelName: string; lastError: string }[] {
    return this.sql
      .prepare(
        `SELECT n.channel_id AS channelId, c.name AS channelName, n.last_error AS lastError
         FROM notification n JOIN notification_channel c ON c.id = n.channel_id
         WHERE c.enabled = 1 AND n.id = (
           SELECT id FROM notification WHERE channel_id = n.channel_id AND last_attempt_at IS NOT NULL
           ORDER BY last_attempt_at DESC, id DESC LIMIT 1)
           AND n.last_error IS NOT NULL AND n.sent_at IS NULL
         ORDER BY c.id`,
      )
      .all() as { channelId: number; channelName: string; lastError: string }[];
  }
}
