// Plans what goes back about each finished payment (issue 5 "Results go back"). It reads the pipeline's
// own job events (fiscal_job_event, append-only) after its durable cursor, and for every event that
// finished a job (done or failed) asks each DeliveryPlanner what to deliver; the plans (INSERT OR IGNORE
// on UNIQUE payment, kind, outcome) and the moved cursor commit in one transaction. So a restart
// neither loses a result (the cursor is behind anything not planned) nor plans one twice (the
// constraint). It wakes on the pipeline's 'job' changes and on a timer, single-flight.
import type { AppEvents } from '../events/app-events.ts';
import type { Logger } from '../logger.ts';
import type { ResultDeliveryRepository } from '../storage/result-delivery-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { DeliveryPlanner, FinishedPayment, PlannedDelivery } from './delivery-planner.ts';

const BATCH = 500;
const POLL_MS = 30_000;

export interface ResultPlannerDeps {
  deliveries: ResultDeliveryRepository;
  planners: readonly DeliveryPlanner[];
  transaction: Transaction;
  now: () => Date;
  events: Pick<AppEvents, 'subscribe'>;
  logger: Logger;
  /** Told when something new was planned, so the sender looks at once. */
  onPlanned: () => void;
}

export class ResultPlanner {
  private readonly deps: ResultPlannerDeps;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private scheduled = false;

  constructor(deps: ResultPlannerDeps) {
    this.deps = deps;
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.events.subscribe((change) => {
      if (change === 'job') this.wake();
    });
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Plans on the next turn of the event loop: many job events in a row make one pass. */
  wake(): void {
    if (this.scheduled || !this.unsubscribe) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.unsubscribe) return; // stopped meanwhile: the database may be closing
      try {
        this.planDue();
      } catch (error) {
        this.deps.logger.error({ err: error }, 'results could not be planned; will try again');
      }
    });
  }

  /** Plans every finished job after the cursor; answers how many deliveries were planned. Synchronous. */
  planDue(): number {
    let planned = 0;
    for (;;) {
      const { count, more } = this.deps.transaction(() => this.planBatch());
      planned += count;
      if (!more) break;
    }
    if (planned > 0) this.deps.onPlanned();
    return planned;
  }

  private planBatch(): { count: number; more: boolean } {
    const { deliveries } = this.deps;
    const from = deliveries.cursor();
    const { lastId, finished } = deliveries.eventsAfter(from, BATCH);
    if (lastId === from) return { count: 0, more: false };
    const now = this.deps.now().toISOString();
    let count = 0;
    for (const event of finished) {
      const { eventId: _eventId, ...payment } = event;
      for (const planner of this.deps.planners) {
        for (const delivery of this.plannedBy(planner, payment)) {
          const stored = deliveries.plan(
            {
              paymentId: payment.paymentId,
              kind: delivery.kind,
              outcome: payment.outcome,
              url: delivery.url ?? null,
              bodyJson: delivery.bodyJson ?? null,
            },
            now,
          );
          if (stored) count++;
        }
      }
    }
    deliveries.setCursor(lastId);
    return { count, more: true };
  }

  /**
   * One planner's plans. A planner that throws on one payment must not hold back every later result
   * (the cursor could never pass it): its error is logged with the payment and the others go on.
   */
  private plannedBy(planner: DeliveryPlanner, payment: FinishedPayment): PlannedDelivery[] {
    try {
      return planner(payment);
    } catch (error) {
      this.deps.logger.error(
        { err: error, payment: payment.paymentId, outcome: payment.outcome },
        'a result planner failed on this payment; its result is not sent',
      );
      return [];
    }
  }
}
