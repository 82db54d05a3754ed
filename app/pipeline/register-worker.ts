// The one worker of one register (ARCHITECTURE §3): it takes that register's unresolved and pending jobs
// and its organization's unassigned ones, one at a time, through the register's exclusive session.
// Between receipts it runs the register's due lifecycle tasks (status poll, shift close; app/lifecycle/).
import { describeError, retryDelayMs } from './failure-policy.ts';
import { reconcileJob } from './reconcile.ts';
import { sendJob } from './send-job.ts';
import type { WorkerContext } from './worker-context.ts';

export interface WorkerTiming {
  /**
   * Longest sleep when the queue is empty (a new payment, or a maintenance task the lifecycle scheduler
   * enqueued, wakes the worker at once). The status poll is scheduled work now (app/lifecycle/).
   */
  idleMs: number;
}

export const DEFAULT_TIMING: WorkerTiming = { idleMs: 5_000 };

export class RegisterWorker {
  readonly ctx: WorkerContext;
  private readonly timing: WorkerTiming;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private troubles = 0;

  constructor(ctx: WorkerContext, timing: WorkerTiming = DEFAULT_TIMING) {
    this.ctx = ctx;
    this.timing = timing;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.ctx.maintenance?.workerStarted(this.ctx.register.id, this.ctx.now());
    this.loop = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.ctx.session.exclusive((registrar) => registrar.close());
  }

  /** One step: handle the next due job, or report that there was none. Exposed for tests. */
  async step(): Promise<'worked' | 'idle' | 'trouble'> {
    const { ctx } = this;
    const job = ctx.jobs.nextFor(ctx.register.id, ctx.register.organizationId, ctx.now().toISOString());
    if (!job) return 'idle';
    try {
      const outcome = await ctx.session.exclusive((registrar) =>
        job.state === 'pending' ? sendJob(ctx, registrar, job) : reconcileJob(ctx, registrar, job),
      );
      return outcome === 'retry' || outcome === 'needs_person' ? 'trouble' : 'worked';
    } catch (error) {
      // Only reconciliation gets here (sendJob settles its own errors): the device could not be asked.
      const { code, message } = describeError(error);
      const notBefore = new Date(ctx.now().getTime() + retryDelayMs(this.troubles + 1)).toISOString();
      ctx.jobs.transition(
        job.id,
        ['outcome_unknown', 'sending'],
        'outcome_unknown',
        { lastErrorCode: code, lastError: message, notBefore },
        ctx.now().toISOString(),
        `could not reconcile yet: ${message}`,
      );
      ctx.registerStates.recordOffline(ctx.register.id, message);
      return 'trouble';
    }
  }

  /**
   * Runs the register's next due maintenance task (status poll, shift close) in the device session.
   * Never while a send's outcome is unknown: the device is then asked only by reconciliation, in its
   * own order, and a Z-report or a poll in between could only confuse what the FN is asked about.
   * True when a task ran. Exposed for tests.
   */
  async maintain(): Promise<boolean> {
    const { ctx } = this;
    const maintenance = ctx.maintenance;
    if (!maintenance || ctx.jobs.hasUnresolved(ctx.register.id)) return false;
    const task = maintenance.claimNext(ctx.register.id, ctx.now());
    if (!task) return false;
    await ctx.session.exclusive((registrar) => maintenance.run(ctx, registrar, task));
    return true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      // Between receipts: a due shift close must not wait for a long queue to drain.
      try {
        if (await this.maintain()) continue;
      } catch (error) {
        this.ctx.logger.error({ err: error, register: this.ctx.register.name }, 'maintenance failed');
      }
      let result: 'worked' | 'idle' | 'trouble';
      try {
        result = await this.step();
      } catch (error) {
        this.ctx.logger.error(
          { err: error, register: this.ctx.register.name },
          'register worker step failed',
        );
        result = 'trouble';
      }
      // A step that did anything moved a job (or tried to): live views re-read the queue.
      if (result !== 'idle') this.ctx.events.emit('job');
      if (result === 'worked') {
        this.troubles = 0;
        continue;
      }
      if (result === 'trouble') {
        this.troubles++;
        await this.sleep(retryDelayMs(this.troubles));
        continue;
      }
      await this.sleep(this.untilNextDue());
    }
  }

  private untilNextDue(): number {
    const due = this.ctx.jobs.nextDueAt(this.ctx.register.id, this.ctx.register.organizationId);
    if (!due) return this.timing.idleMs;
    return Math.max(0, Math.min(this.timing.idleMs, Date.parse(due) - this.ctx.now().getTime()));
  }

  private sleep(ms: number): Promise<void> {
    // A stop that arrived during the step must not wait out a whole idle period or retry delay.
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = undefined;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
