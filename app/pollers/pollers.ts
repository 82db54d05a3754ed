// The registrar-mode pollers, wired (deps.pollers): the API's use cases and the scheduler that runs
// each enabled poller every interval_seconds (started and stopped by app/server.ts).
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { BillingPollerRepository } from '../storage/billing-poller-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { PollDeps } from './poll-billing.ts';
import { PollerScheduler } from './poller-scheduler.ts';
import { PollerService } from './poller-service.ts';

export interface PollersDeps {
  pollers: BillingPollerRepository;
  sources: Pick<SourceRepository, 'getById'>;
  adapterFor: PollDeps['adapterFor'];
  payments: PollDeps['payments'];
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  logger: Logger;
}

export class Pollers {
  readonly service: PollerService;
  readonly scheduler: PollerScheduler;

  constructor(deps: PollersDeps) {
    this.scheduler = new PollerScheduler({
      pollers: deps.pollers,
      adapterFor: deps.adapterFor,
      payments: deps.payments,
      audit: deps.audit,
      transaction: deps.transaction,
      now: () => deps.clock.now(),
      logger: deps.logger.child({ module: 'pollers' }),
    });
    this.service = new PollerService({
      pollers: deps.pollers,
      sources: deps.sources,
      audit: deps.audit,
      transaction: deps.transaction,
      clock: deps.clock,
      scheduler: this.scheduler,
    });
  }

  start(): void {
    this.scheduler.start();
  }

  stop(): Promise<void> {
    return this.scheduler.stop();
  }
}
