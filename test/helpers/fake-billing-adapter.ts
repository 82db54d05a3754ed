// An in-memory BillingAdapter for the pollers' and results' own tests (registrar mode): a list of
// billed payments paged by id, a record of fiscal marks, and scriptable failures. It proves the app's
// logic around the adapter contract, never an adapter's wire format (the billing fakes do that).
import {
  type BilledPayment,
  type BillingAdapter,
  BillingError,
  type FiscalMark,
  type PaymentPage,
} from '../../drivers/billing/billing-adapter.ts';

export class FakeBillingAdapter implements BillingAdapter {
  readonly kind = 'abills' as const;
  /** Oldest first; billingPaymentId is a decimal id, the cursor is the last id seen. */
  payments: BilledPayment[] = [];
  marks: { billingPaymentId: string; mark: FiscalMark }[] = [];
  /** The next paymentsAfter / markFiscalized calls throw this many times. */
  failPolls = 0;
  failMarks = 0;
  /** Called at the start of each paymentsAfter (a test can hold it to keep a poll in flight). */
  onPoll: (() => Promise<void>) | undefined;
  polls: { cursor: string | undefined; limit: number }[] = [];
  pollsInFlight = 0;
  maxPollsInFlight = 0;

  add(count: number, template: Partial<BilledPayment> = {}): BilledPayment[] {
    const added: BilledPayment[] = [];
    for (let i = 0; i < count; i++) {
      const id = String(1000 + this.payments.length + 1);
      const payment: BilledPayment = {
        billingPaymentId: id,
        account: `ACC${id}`,
        amountKopecks: 10_000 + this.payments.length,
        paidAt: '2026-11-22T09:00:00+03:00',
        method: 'electronic',
        ...template,
      };
      this.payments.push(payment);
      added.push(payment);
    }
    return added;
  }

  async paymentsAfter(cursor: string | undefined, limit: number): Promise<PaymentPage> {
    this.polls.push({ cursor, limit });
    this.pollsInFlight++;
    this.maxPollsInFlight = Math.max(this.maxPollsInFlight, this.pollsInFlight);
    try {
      await this.onPoll?.();
      if (this.failPolls > 0) {
        this.failPolls--;
        throw new BillingError('unavailable', 'the billing API did not answer (connect ECONNREFUSED)');
      }
      const after = cursor === undefined ? 0 : Number(cursor);
      const page = this.payments.filter((p) => Number(p.billingPaymentId) > after).slice(0, limit);
      return { payments: page, cursor: page.at(-1)?.billingPaymentId ?? cursor ?? '0' };
    } finally {
      this.pollsInFlight--;
    }
  }

  async markFiscalized(billingPaymentId: string, mark: FiscalMark): Promise<void> {
    if (this.failMarks > 0) {
      this.failMarks--;
      throw new BillingError('unavailable', 'the billing database is down');
    }
    this.marks.push({ billingPaymentId, mark });
  }

  async findAccount(account: string) {
    return { found: true as const, account: { account } };
  }

  async postPayment(): Promise<never> {
    throw new BillingError('rejected', 'the fake does not take posts');
  }

  async getPayment() {
    return undefined;
  }

  async close(): Promise<void> {}
}
