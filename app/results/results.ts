// Results back, wired (deps.results): the planner over the pipeline's job events, the planners (the
// source's callback and billing mark here, ATOL Online's from app/atol-online), the delivery sender,
// and the API's use cases. start()/stop() run the planner and the sender (app/server.ts).
import type { BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { AppEvents } from '../events/app-events.ts';
import type { Logger } from '../logger.ts';
import type { PaymentViews } from '../payments/payment-views.ts';
import type { BillingPollerRepository } from '../storage/billing-poller-repository.ts';
import type { Db } from '../storage/database.ts';
import type { PaymentRepository } from '../storage/payment-repository.ts';
import type { ReceiptRepository } from '../storage/receipt-repository.ts';
import { ResultDeliveryRepository } from '../storage/result-delivery-repository.ts';
import { ResultTargetRepository } from '../storage/result-target-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { DeliveryPlanner } from './delivery-planner.ts';
import { ResultPlanner } from './result-planner.ts';
import { ResultSender } from './result-sender.ts';
import { ResultService } from './result-service.ts';
import { billingMarkPlanner, sourceCallbackPlanner } from './source-planners.ts';

export interface ResultsDeps {
  db: Db;
  transaction: Transaction;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  events: Pick<AppEvents, 'subscribe'>;
  sources: Pick<SourceRepository, 'getById'>;
  payments: Pick<PaymentRepository, 'getById'>;
  receipts: Pick<ReceiptRepository, 'getByPaymentId'>;
  views: Pick<PaymentViews, 'byId'>;
  pollers: Pick<BillingPollerRepository, 'getBySource' | 'connectionKind'>;
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  /** Planners of other modules (ATOL Online callbacks), after the source's own. */
  extraPlanners?: readonly DeliveryPlanner[];
  /** Tests shorten the POST timeout. */
  timeoutMs?: number;
}

export class Results {
  readonly targets: ResultTargetRepository;
  readonly deliveries: ResultDeliveryRepository;
  readonly planner: ResultPlanner;
  readonly sender: ResultSender;
  readonly service: ResultService;

  constructor(deps: ResultsDeps) {
    const logger = deps.logger.child({ module: 'results' });
    this.targets = new ResultTargetRepository(deps.db);
    this.deliveries = new ResultDeliveryRepository(deps.db);
    this.sender = new ResultSender({
      deliveries: this.deliveries,
      targets: this.targets,
      payments: deps.payments,
      receipts: deps.receipts,
      pollers: deps.pollers,
      adapterFor: deps.adapterFor,
      clock: deps.clock,
      logger,
      ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
    });
    this.planner = new ResultPlanner({
      deliveries: this.deliveries,
      planners: [
        sourceCallbackPlanner({ targets: this.targets, views: deps.views }),
        billingMarkPlanner({ targets: this.targets, pollers: deps.pollers }),
        ...(deps.extraPlanners ?? []),
      ],
      transaction: deps.transaction,
      now: () => deps.clock.now(),
      events: deps.events,
      logger,
      onPlanned: () => this.sender.wake(),
    });
    this.service = new ResultService({
      targets: this.targets,
      deliveries: this.deliveries,
      sources: deps.sources,
      audit: deps.audit,
      transaction: deps.transaction,
      clock: deps.clock,
      onDue: () => this.sender.wake(),
    });
  }

  start(): void {
    this.planner.start();
    this.sender.start();
  }

  async stop(): Promise<void> {
    this.planner.stop();
    await this.sender.stop();
  }
}
