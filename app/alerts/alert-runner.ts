// When alerts are evaluated: every 30 s, and about a second after a register, job or payment change (a
// burst of changes — a receipt moves its job three times — costs one evaluation). Evaluation is
// synchronous (SQLite and the probes are), so runs never overlap; a failed run is logged and the next
// tick tries again. Started and stopped with the server (app/server.ts); tests call evaluateNow.
import type { AppChange, AppEvents } from '../events/app-events.ts';
import type { Logger } from '../logger.ts';

export interface AlertRunnerOptions {
  everyMs?: number;
  debounceMs?: number;
}

const TRIGGERS: ReadonlySet<AppChange> = new Set<AppChange>(['register', 'job', 'payment']);

export class AlertRunner {
  private readonly evaluate: () => void;
  private readonly events: AppEvents;
  private readonly logger: Logger;
  private readonly everyMs: number;
  private readonly debounceMs: number;
  private interval: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(evaluate: () => void, events: AppEvents, logger: Logger, options: AlertRunnerOptions = {}) {
    this.evaluate = evaluate;
    this.events = events;
    this.logger = logger;
    this.everyMs = options.everyMs ?? 30_000;
    this.debounceMs = options.debounceMs ?? 1_000;
  }

  get running(): boolean {
    return this.interval !== undefined;
  }

  start(): void {
    if (this.interval) return;
    this.interval = setInterval(() => this.run(), this.everyMs);
    this.interval.unref();
    this.unsubscribe = this.events.subscribe((change) => {
      if (TRIGGERS.has(change)) this.schedule();
    });
    this.run();
  }

  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.soon);
    this.interval = undefined;
    this.soon = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private schedule(): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.run();
    }, this.debounceMs);
    this.soon.unref();
  }

  private run(): void {
    try {
      this.evaluate();
    } catch (error) {
      this.logger.error({ err: error }, 'alert evaluation failed; the next run tries again');
    }
  }
}
