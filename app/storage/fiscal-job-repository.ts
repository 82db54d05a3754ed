// All SQL about fiscal jobs and their event trail. Every state change goes through `transition`, so
// each one is checked against the state it comes from and leaves an event row in the same statement batch.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export type JobState = 'pending' | 'sending' | 'done' | 'outcome_unknown' | 'failed';

export interface FiscalJobRow {
  id: number;
  paymentId: number;
  organizationId: number;
  registerId: number | null;
  documentJson: string;
  state: JobState;
  attempts: number;
  fnNumberBefore: string | null;
  lastFdBefore: number | null;
  deviceClockBefore: string | null;
  lastErrorCode: string | null;
  lastError: string | null;
  /** JSON array of register ids whose FN refused this job. */
  refusedBy: string;
  /** A cash-desk job: only this register may send it, and its refusal fails the job (migration 005). */
  pinnedRegisterId: number | null;
  notBefore: string;
  createdAt: string;
  updatedAt: string;
}

export interface JobEventRow {
  id: number;
  at: string;
  fromState: JobState | null;
  toState: JobState;
  detail: string | null;
}

export interface TransitionChanges {
  registerId?: number | null;
  attempts?: number;
  fnNumberBefore?: string | null;
  lastFdBefore?: number | null;
  deviceClockBefore?: string | null;
  lastErrorCode?: string | null;
  lastError?: string | null;
  refusedBy?: string;
  notBefore?: string;
}

const COLUMNS = `id, payment_id AS paymentId, organization_id AS organizationId, register_id AS registerId,
  document_json AS documentJson, state, attempts, fn_number_before AS fnNumberBefore, last_fd_before AS lastFdBefore,
  device_clock_before AS deviceClockBefore, last_error_code AS lastErrorCode, last_error AS lastError, refused_by AS refusedBy,
  pinned_register_id AS pinnedRegisterId, not_before AS notBefore, created_at AS createdAt, updated_at AS updatedAt`;

const CHANGE_COLUMNS: Record<keyof TransitionChanges, string> = {
  registerId: 'register_id',
  attempts: 'attempts',
  fnNumberBefore: 'fn_number_before',
  lastFdBefore: 'last_fd_before',
  deviceClockBefore: 'device_clock_before',
  lastErrorCode: 'last_error_code',
  lastError: 'last_error',
  refusedBy: 'refused_by',
  notBefore: 'not_before',
};

export class FiscalJobRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(job: {
    paymentId: number;
    organizationId: number;
    documentJson: string;
    now: string;
    pinnedRegisterId?: number;
  }): number {
    const result = this.sql
      .prepare(
        `INSERT INTO fiscal_job (payment_id, organization_id, document_json, pinned_register_id, not_before, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        job.paymentId,
        job.organizationId,
        job.documentJson,
        job.pinnedRegisterId ?? null,
        job.now,
        job.now,
        job.now,
      );
    const id = Number(result.lastInsertRowid);
    this.addEvent(id, job.now, null, 'pending', 'accepted');
    return id;
  }

  getById(id: number): FiscalJobRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM fiscal_job WHERE id = ?`).get(id) as
      | FiscalJobRow
      | undefined;
  }

  getByPaymentId(paymentId: number): FiscalJobRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM fiscal_job WHERE payment_id = ?`).get(paymentId) as
      | FiscalJobRow
      | undefined;
  }

  /**
   * The next job the worker of `registerId` should look at: its own unresolved sends first (they block
   * the device until reconciled), then its own pending jobs, then unassigned pending jobs of its organization
   * that are not pinned to another register (cash desk).
   */
  nextFor(registerId: number, organizationId: number, now: string): FiscalJobRow | undefined {
    // Blocked even while its retry is not due yet: a receipt sent meanwhile would move the FN past the
    // unresolved one and could be taken for it (reconcile.ts matches by operation, sum and time).
    const unresolved = this.unresolvedOf(registerId);
    if (unresolved) return unresolved.notBefore <= now ? unresolved : undefined;
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM fiscal_job
         WHERE not_before <= @now AND (
           (register_id = @registerId AND state IN ('outcome_unknown', 'sending', 'pending'))
           OR (register_id IS NULL AND state = 'pending' AND organization_id = @organizationId
               AND (pinned_register_id IS NULL OR pinned_register_id = @registerId)
               AND NOT EXISTS (SELECT 1 FROM json_each(refused_by) WHERE value = @registerId)))
         ORDER BY CASE state WHEN 'sending' THEN 0 WHEN 'outcome_unknown' THEN 1 ELSE 2 END, id
         LIMIT 1`,
      )
      .get({ registerId, organizationId, now }) as FiscalJobRow | undefined;
  }

  /** Earliest time a job could become due for this register, to sleep until then. */
  nextDueAt(registerId: number, organizationId: number): string | undefined {
    const unresolved = this.unresolvedOf(registerId);
    if (unresolved) return unresolved.notBefore;
    const row = this.sql
      .prepare(
        `SELECT min(not_before) AS due FROM fiscal_job
         WHERE (register_id = ? AND state IN ('outcome_unknown', 'pending'))
            OR (register_id IS NULL AND state = 'pending' AND organization_id = ?
                AND (pinned_register_id IS NULL OR pinned_register_id = ?)
                AND NOT EXISTS (SELECT 1 FROM json_each(refused_by) WHERE value = ?))`,
      )
      .get(registerId, organizationId, registerId, registerId) as { due: string | null };
    return row.due ?? undefined;
  }

  /** True while a send of this register has an outcome the box is still finding out. */
  hasUnresolved(registerId: number): boolean {
    return this.unresolvedOf(registerId) !== undefined;
  }

  /**
   * A send of this register whose outcome the box is still finding out; it blocks the register. A job
   * left to a person (needs_person: the FN was replaced, or its state before the send is unknown) does
   * not: waiting does not resolve it, and the person's FD is checked against the FN.
   */
  private unresolvedOf(registerId: number): FiscalJobRow | undefined {
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM fiscal_job WHERE register_id = ? AND state IN ('sending', 'outcome_unknown')
           AND last_error_code IS NOT 'needs_person'
         ORDER BY CASE state WHEN 'sending' THEN 0 ELSE 1 END, not_before, id LIMIT 1`,
      )
      .get(registerId) as FiscalJobRow | undefined;
  }

  /**
   * Moves a job from one of `from` to `to`. Returns false (and changes nothing) when the job is no
   * longer in an expected state, which is how two actors racing for one job are kept apart.
   */
  transition(
    id: number,
    from: readonly JobState[],
    to: JobState,
    changes: TransitionChanges,
    now: string,
    detail: string,
  ): boolean {
    const sets = ['state = @to', 'updated_at = @now'];
    const params: Record<string, unknown> = { id, to, now };
    for (const [key, column] of Object.entries(CHANGE_COLUMNS) as [keyof TransitionChanges, string][]) {
      if (changes[key] === undefined) continue;
      sets.push(`${column} = @${key}`);
      params[key] = changes[key];
    }
    const placeholders = from.map((_, i) => `@from${i}`).join(', ');
    from.forEach((state, i) => {
      params[`from${i}`] = state;
    });
    // The row and its event commit together: one fsync, and never a state change without its reason.
    return this.sql.transaction(() => {
      const current = this.getById(id);
      const result = this.sql
        .prepare(`UPDATE fiscal_job SET ${sets.join(', ')} WHERE id = @id AND state IN (${placeholders})`)
        .run(params);
      if (result.changes !== 1) return false;
      this.addEvent(id, now, current?.state ?? null, to, detail);
      return true;
    });
  }

  /** Binds a pending job to a register before the register starts preparing it (shift, status). */
  claim(id: number, registerId: number, now: string): boolean {
    const result = this.sql
      .prepare(
        `UPDATE fiscal_job SET register_id = ?, updated_at = ?
         WHERE id = ? AND state = 'pending' AND (register_id IS NULL OR register_id = ?)
           AND (pinned_register_id IS NULL OR pinned_register_id = ?)`,
      )
      .run(registerId, now, id, registerId, registerId);
    return result.changes === 1;
  }

  /** A pending job's next attempt moves later and its register claim is released; no event row. */
  postpone(id: number, notBefore: string, now: string): void {
    this.sql
      .prepare(
        `UPDATE fiscal_job SET not_before = ?, register_id = NULL, updated_at = ? WHERE id = ? AND state = 'pending'`,
      )
      .run(notBefore, now, id);
  }

  /** At start every interrupted send becomes outcome_unknown (rule 1: a crash is an unknown outcome). */
  interruptedSendsToUnknown(now: string): number {
    const ids = this.sql
      .prepare(`SELECT id FROM fiscal_job WHERE state = 'sending'`)
      .pluck()
      .all() as number[];
    for (const id of ids) {
      this.transition(
        id,
        ['sending'],
        'outcome_unknown',
        {},
        now,
        'the box restarted while the receipt was being sent',
      );
    }
    return ids.length;
  }

  addEvent(jobId: number, at: string, from: JobState | null, to: JobState, detail: string): void {
    this.sql
      .prepare(
        'INSERT INTO fiscal_job_event (fiscal_job_id, at, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?)',
      )
      .run(jobId, at, from, to, detail);
  }

  events(jobId: number): JobEventRow[] {
    return this.sql
      .prepare(
        `SELECT id, at, from_state AS fromState, to_state AS toState, detail FROM fiscal_job_event
         WHERE fiscal_job_id = ? ORDER BY id`,
      )
      .all(jobId) as JobEventRow[];
  }

  list(filter: { state?: JobState; registerId?: number; limit: number; offset: number }): FiscalJobRow[] {
    const where: string[] = [];
    if (filter.state) where.push('state = @state');
    if (filter.registerId !== undefined) where.push('register_id = @registerId');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM fiscal_job ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...filter }) as FiscalJobRow[];
  }

  countsByState(): Record<JobState, number> {
    const counts: Record<JobState, number> = {
      pending: 0,
      sending: 0,
      done: 0,
      outcome_unknown: 0,
      failed: 0,
    };
    const rows = this.sql.prepare('SELECT state, count(*) AS n FROM fiscal_job GROUP BY state').all() as {
      state: JobState;
      n: number;
    }[];
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  oldestPendingCreatedAt(): string | undefined {
    const row = this.sql
      .prepare(`SELECT min(created_at) AS at FROM fiscal_job WHERE state = 'pending'`)
      .get() as {
      at: string | null;
    };
    return row.at ?? undefined;
  }
}
