// All SQL about maintenance tasks (migration 006): the durable work the lifecycle scheduler enqueues and
// the register workers run. Decisions (what is due, what a run means) live in app/lifecycle/.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export type MaintenanceKind = 'status_poll' | 'shift_close';
export type MaintenanceState = 'pending' | 'running' | 'done' | 'failed';

export interface MaintenanceTask {
  id: number;
  kind: MaintenanceKind;
  registerId: number | null;
  reason: string | null;
  dueAt: string;
  state: MaintenanceState;
  attempts: number;
  lastError: string | null;
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, kind, register_id AS registerId, reason, due_at AS dueAt, state, attempts,
  last_error AS lastError, outcome, created_at AS createdAt, updated_at AS updatedAt`;

export class MaintenanceTaskRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /**
   * Adds a pending task unless one of this kind is already pending or running for the register (the
   * partial unique index decides). True when a task was added.
   */
  enqueue(task: {
    kind: MaintenanceKind;
    registerId: number;
    reason: string | null;
    dueAt: string;
  }): boolean {
    const result = this.sql
      .prepare(
        `INSERT INTO maintenance_task (kind, register_id, reason, due_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(task.kind, task.registerId, task.reason, task.dueAt, task.dueAt, task.dueAt);
    return result.changes === 1;
  }

  /** The register's next pending task due at `now`, oldest due first (a shift close before a poll). */
  nextDue(registerId: number, now: string): MaintenanceTask | undefined {
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM maintenance_task WHERE register_id = ? AND state = 'pending' AND due_at <= ?
         ORDER BY kind = 'status_poll', due_at, id LIMIT 1`,
      )
      .get(registerId, now) as MaintenanceTask | undefined;
  }

  /** pending → running, counting the attempt; false when another run took it first. */
  claim(id: number, at: string): boolean {
    return (
      this.sql
        .prepare(
          `UPDATE maintenance_task SET state = 'running', attempts = attempts + 1, updated_at = ?
           WHERE id = ? AND state = 'pending'`,
        )
        .run(at, id).changes === 1
    );
  }

  finish(
    id: number,
    state: 'done' | 'failed',
    at: string,
    detail: { outcome?: string; error?: string },
  ): void {
    this.sql
      .prepare(
        `UPDATE maintenance_task SET state = ?, outcome = ?, last_error = ?, updated_at = ? WHERE id = ?`,
      )
      .run(state, detail.outcome ?? null, detail.error ?? null, at, id);
  }

  /** running → pending again, due later, with the error kept (a shift close the device refused). */
  retryLater(id: number, dueAt: string, error: string, at: string): void {
    this.sql
      .prepare(
        `UPDATE maintenance_task SET state = 'pending', due_at = ?, last_error = ?, updated_at = ?
         WHERE id = ? AND state = 'running'`,
      )
      .run(dueAt, error, at, id);
  }

  /** At start: a task that was running when the box stopped runs again (its runner re-checks the device). */
  requeueInterrupted(at: string): number {
    return this.sql
      .prepare(`UPDATE maintenance_task SET state = 'pending', updated_at = ? WHERE state = 'running'`)
      .run(at).changes;
  }

  /** When the last task of this kind for the register finished (done or failed), or null. */
  lastFinishedAt(kind: MaintenanceKind, registerId: number): string | null {
    const row = this.sql
      .prepare(
        `SELECT max(updated_at) AS at FROM maintenance_task
         WHERE kind = ? AND register_id = ? AND state IN ('done', 'failed')`,
      )
      .get(kind, registerId) as { at: string | null };
    return row.at;
  }

  /** Newest first; for the API and tests. */
  list(filter: { registerId?: number; kind?: MaintenanceKind; limit: number }): MaintenanceTask[] {
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM maintenance_task
         WHERE (@registerId IS NULL OR register_id = @registerId) AND (@kind IS NULL OR kind = @kind)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({
        registerId: filter.registerId ?? null,
        kind: filter.kind ?? null,
        limit: filter.limit,
      }) as MaintenanceTask[];
  }

  /** Finished tasks older than `before` are forgotten (a poll a minute per register adds up on an SD card). */
  pruneFinished(before: string): number {
    return this.sql
      .prepare(`DELETE FROM maintenance_task WHERE state IN ('done', 'failed') AND updated_at < ?`)
      .run(before).changes;
  }
}
