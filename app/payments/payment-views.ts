// Read models of payments for the API: a payment with the state of its fiscal job and its receipt, so
// a billing asking "what happened to payment X?" gets the whole answer in one call.
import type { FiscalJobRepository, FiscalJobRow } from '../storage/fiscal-job-repository.ts';
import type { PaymentFilter, PaymentRepository, PaymentRow } from '../storage/payment-repository.ts';
import type { ReceiptRepository, ReceiptRow } from '../storage/receipt-repository.ts';

export interface PaymentView {
  payment: PaymentRow;
  job: FiscalJobRow | undefined;
  receipt: ReceiptRow | undefined;
}

export class PaymentViews {
  private readonly payments: PaymentRepository;
  private readonly jobs: FiscalJobRepository;
  private readonly receipts: ReceiptRepository;

  constructor(payments: PaymentRepository, jobs: FiscalJobRepository, receipts: ReceiptRepository) {
    this.payments = payments;
    this.jobs = jobs;
    this.receipts = receipts;
  }

  of(payment: PaymentRow): PaymentView {
    return {
      payment,
      job: this.jobs.getByPaymentId(payment.id),
      receipt: this.receipts.getByPaymentId(payment.id),
    };
  }

  byId(id: number): PaymentView | undefined {
    const payment = this.payments.getById(id);
    return payment ? this.of(payment) : undefined;
  }

  byExternalId(sourceId: number, externalId: string): PaymentView | undefined {
    const payment = this.payments.findByExternalId(sourceId, externalId);
    return payment ? this.of(payment) : undefined;
  }

  list(filter: PaymentFilter): { items: PaymentView[]; total: number } {
    const { rows, total } = this.payments.list(filter);
    return { items: rows.map((row) => this.of(row)), total };
  }
}
