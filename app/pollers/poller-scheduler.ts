// Runs every enabled poller every interval_seconds, counted from its last run (so a restart does not
// poll everything at once, and a missed run happens soon after the start). One poller never runs twice
// at once: a run asked for while one is going joins it. stop() waits for the runs in flight.
import type { Logger } from '../logger.ts';
import type { BillingPollerRepository } from '../storage/billing-poller-repository.ts';
import { type PollDeps, type PollOutcome, pollBilling } from './poll-billing.ts';

export interface PollerSchedulerDeps extends PollDeps {
  pollers: BillingPollerRepository;
  logger: Logger;
}

export class PollerScheduler {
  private readonly deps: PollerSchedulerDeps;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly running = new Map<number, Promise<PollOutcome>>();
  private started = false;
  /** Set by stop(): a poll in flight ends after its current page. */
  private stopping = false;

  constructor(deps: PollerSchedulerDeps) {
    this.deps = deps;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.refresh();
  }

  /** Stops the timers and waits for the polls in flight (they stop after their current page). */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Pollers were added, changed or removed: schedule each anew from the database. */
  refresh(): void {
    if (!this.started) return;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const poller of this.deps.pollers.list()) {
      if (!poller.enabled) continue;
      const last = poller.lastRunAt === null ? 0 : Date.parse(poller.lastRunAt);
      const due = last + poller.intervalSeconds * 1000 - this.deps.now().getTime();
      this.schedule(poller.id, Math.max(0, due));
    }
  }

  /** Polls now (a person's "run", or the timer); joins a poll of this poller already going. */
  run(pollerId: number): Promise<PollOutcome> {
    const going = this.running.get(pollerId);
    if (going) return going;
    const poller = this.deps.pollers.getById(pollerId);
    if (poller === undefined) return Promise.resolve({ accepted: 0, cursor: null, error: 'no such poller' });
    const run = pollBilling(this.deps, poller, () => this.stopping).finally(() => {
      this.running.delete(pollerId);
    });
    this.running.set(pollerId, run);
    return run;
  }

  private schedule(pollerId: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(pollerId);
      this.run(pollerId)
        .then((outcome) => {
          if (outcome.error !== null) {
            this.deps.logger.warn({ poller: pollerId, error: outcome.error }, 'billing poll had a problem');
          } else if (outcome.accepted > 0) {
            this.deps.logger.info(
              { poller: pollerId, accepted: outcome.accepted },
              'billing poll accepted payments',
            );
          }
        })
        .catch((error: unknown) =>
          this.deps.logger.error({ err: error, poller: pollerId }, 'billing poll failed'),
        )
        .finally(() => this.again(pollerId));
    }, delayMs);
    timer.unref();
    this.timers.set(pollerId, timer);
  }

  private again(pollerId: number): void {
    if (!this.started || this.timers.has(pollerId)) return;
    const poller = this.deps.pollers.getById(pollerId);
    if (poller?.enabled) this.schedule(pollerId, poller.intervalSeconds * 1000);
  }
}
