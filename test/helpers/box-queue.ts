// Waiting for a box's fiscal job queue to drain, with bounded polling (no fixed sleeps): the box clock
// is moved over retry backoff, workers that back off after trouble are woken now and then, and a queue
// that does not drain fails with the jobs left and the last log lines.
import type { Clock } from '../../app/clock.ts';
import type { AppDeps } from '../../app/deps.ts';

/** Retry backoff is capped at 60 s (failure-policy.ts); a later not_before is a job left to a person. */
const LONGEST_BACKOFF_MS = 61_000;
/** How often drainQueue() cuts the backoff sleep of a worker that had trouble. */
const WAKE_EVERY_MS = 500;
const POLL_MS = 20;

/**
 * The box's clock: real time plus an offset the harness moves forward to skip retry backoff (the
 * `not_before` of a job). The devices keep their own clocks; receipts carry device time.
 */
export class ShiftableClock implements Clock {
  offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface DrainOptions {
  deps: AppDeps;
  clock: ShiftableClock;
  timeoutMs: number;
  /** Runs at every poll, before the check (a test that heals its devices as it waits). */
  tend?: () => void | Promise<void>;
  logTail: () => string;
}

/** Resolves when no job is pending, sending or outcome_unknown. */
export async function drainQueue(options: DrainOptions): Promise<void> {
  const { deps, clock, timeoutMs } = options;
  const startedAt = Date.now();
  let wokenAt = 0;
  for (;;) {
    await options.tend?.();
    const counts = deps.stores.jobs.countsByState();
    if (counts.pending + counts.sending + counts.outcome_unknown === 0) return;
    if (Date.now() - startedAt > timeoutMs || leftToAPerson(deps)) {
      throw new Error(
        `the queue did not drain (waited ${Date.now() - startedAt} of ${timeoutMs} ms)\n` +
          `${describeQueue(deps)}\nlog:\n${options.logTail()}`,
      );
    }
    if (counts.sending === 0) skipBackoff(deps, clock);
    // Idle workers notice due jobs within idleMs by themselves. A worker backing off after trouble
    // sleeps up to a minute; it is woken now and then, not at every poll, so a register that is down
    // does not win every race for a job against a healthy one (they are woken in register order).
    if (Date.now() - wokenAt >= WAKE_EVERY_MS) {
      deps.pipeline.wake();
      wokenAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A job the pipeline gave up on (needs_person) will not drain by waiting. */
function leftToAPerson(deps: AppDeps): boolean {
  return (
    deps.db
      .prepare(
        `SELECT 1 FROM fiscal_job WHERE state = 'outcome_unknown' AND last_error_code = 'needs_person'`,
      )
      .get() !== undefined
  );
}

/** Moves the box clock to the earliest not_before of a waiting job, unless that is a job left to a person. */
function skipBackoff(deps: AppDeps, clock: ShiftableClock): void {
  const row = deps.db
    .prepare(`SELECT min(not_before) AS due FROM fiscal_job WHERE state IN ('pending', 'outcome_unknown')`)
    .get() as { due: string | null };
  if (!row.due) return;
  const wait = Date.parse(row.due) - clock.now().getTime();
  if (wait > 0 && wait <= LONGEST_BACKOFF_MS) clock.advance(wait + 1);
}

export function describeQueue(deps: AppDeps): string {
  const rows = deps.db
    .prepare(
      `SELECT id, payment_id AS paymentId, register_id AS registerId, state, attempts,
              last_error_code AS code, last_error AS error, not_before AS notBefore
       FROM fiscal_job WHERE state != 'done' ORDER BY id LIMIT 10`,
    )
    .all();
  return `jobs by state: ${JSON.stringify(deps.stores.jobs.countsByState())}; not done: ${JSON.stringify(rows)}`;
}
