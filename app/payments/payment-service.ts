// The use cases of payments behind the API: accept (durable, idempotent) and read.
import type { Clock } from '../clock.ts';
import type { Db } from '../storage/database.ts';
import type { FiscalJobRepository } from '../storage/fiscal-job-repository.ts';
import type { PaymentRepository, PaymentRow } from '../storage/payment-repository.ts';
import type { ReceiptPolicyRepository } from '../storage/receipt-policy-repository.ts';
import type { ReceiptRepository } from '../storage/receipt-repository.ts';
import { type AcceptPaymentInput, acceptPayment } from './accept-payment.ts';
import { type PaymentView, PaymentViews } from './payment-views.ts';

export class PaymentService {
  readonly views: PaymentViews;
  private readonly db: Db;
  private readonly payments: PaymentRepository;
  private readonly jobs: FiscalJobRepository;
  private readonly policies: ReceiptPolicyRepository;
  private readonly clock: Clock;
  private readonly onAccepted: (organizationId: number) => void;

  constructor(options: {
    db: Db;
    payments: PaymentRepository;
    jobs: FiscalJobRepository;
    receipts: ReceiptRepository;
    policies: ReceiptPolicyRepository;
    clock: Clock;
    onAccepted: (organizationId: number) => void;
  }) {
    this.db = options.db;
    this.payments = options.payments;
    this.jobs = options.jobs;
    this.policies = options.policies;
    this.clock = options.clock;
    this.onAccepted = options.onAccepted;
    this.views = new PaymentViews(options.payments, options.jobs, options.receipts);
  }

  /** onCreated runs inside the payment's transaction (an audit row that must commit with it). */
  accept(
    input: AcceptPaymentInput,
    onCreated?: (payment: PaymentRow) => void,
  ): { view: PaymentView; created: boolean } {
    const { payment, created } = acceptPayment(
      {
        db: this.db,
        payments: this.payments,
        jobs: this.jobs,
        policies: this.policies,
        now: () => this.clock.now(),
        onAccepted: this.onAccepted,
        ...(onCreated ? { onCreated } : {}),
      },
      input,
    );
    return { view: this.views.of(payment), created };
  }
}
