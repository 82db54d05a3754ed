// A background loop that drains a durable queue (notifications, result deliveries, billing posts): a
// pass over what is due now, run on start, on wake() and every pollMs. The queue itself lives in a
// table, so the loop holds no work of its own and a restart simply starts it again.
// Single-flight: a wake or runDue during a pass makes that pass go round once more instead of starting
// a second one beside it (two passes would send the same row twice). stop() waits for the pass in
// flight, so the database is not closed under it. Timers are unref'd: the loop never keeps the process up.
import type { Logger } from '../logger.ts';

/** What one pass did: how many rows it tried, and whether more were due than it took (a full batch). */
export interface DrainPass {
  tried: number;
  more: boolean;
}

export interface DrainLoopOptions {
  /** One pass over the rows due now. */
  pass: () => Promise<DrainPass>;
  /** How often to look even without a wake (retries and postponements falling due). */
  pollMs: number;
  logger: Logger;
  /** Logged with the error when a pass throws; the next wake or poll tries again. */
  failureMessage: string;
}

export class DrainLoop {
  private readonly options: DrainLoopOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private started = false;

  constructor(options: DrainLoopOptions) {
    this.options = options;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops the loop and waits for the pass in flight. Idempotent. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => 0);
  }

  /**
   * New work was queued: look on the next turn of the event loop (when started), so a caller still
   * inside its own transaction has committed by then, and several wakes in a row make one pass.
   */
  wake(): void {
    if (this.started) this.schedule(0);
  }

  /** Drains everything due now; answers how many rows the passes tried. Tests call it directly. */
  runDue(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runDue()
        .catch((error: unknown) => this.options.logger.error({ err: error }, this.options.failureMessage))
        .finally(() => {
          if (this.started && this.timer === undefined) this.schedule(this.options.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async drain(): Promise<number> {
    let tried = 0;
    do {
      this.again = false;
      const pass = await this.options.pass();
      tried += pass.tried;
      if (pass.more) this.again = true;
    } while (this.again);
    return tried;
  }
}
