// An in-memory BillingAdapter for translator mode (channel tests): accounts, payments kept by
// idempotency key, and scripted trouble — down, slow, a post whose answer is lost after the billing
// recorded it, a refusal. It proves the box's logic around the adapter contract; the wire formats are
// proven by the billing fakes (test/helpers/billing-fakes/).
import {
  type BillingAdapter,
  BillingError,
  type BillingPayment,
  type FindAccountResult,
  type PostPaymentInput,
} from '../../drivers/billing/billing-adapter.ts';

export class ChannelBillingFake implements BillingAdapter {
  readonly kind = 'osmp' as const;
  accounts = new Map<string, { name?: string; balanceKopecks?: number; inactive?: boolean }>();
  /** By idempotency key: what the billing has. */
  payments = new Map<string, BillingPayment>();
  posts: PostPaymentInput[] = [];
  lookups: string[] = [];
  down = false;
  /** Each call waits this long first. */
  delayMs = 0;
  /** Posts wait this long after the billing recorded them, before answering. */
  postDelayMs = 0;
  /** The next N posts are recorded, then their answer is lost. */
  loseAnswers = 0;
  /** Posts are refused for good. */
  refusePosts = false;

  constructor(accounts: string[] = []) {
    for (const account of accounts)
      this.accounts.set(account, { name: 'Иванов И. И.', balanceKopecks: 12_345 });
  }

  private async enter(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.down) throw new BillingError('unavailable', 'connect ECONNREFUSED 127.0.0.1:9');
  }

  async findAccount(account: string): Promise<FindAccountResult> {
    await this.enter();
    const found = this.accounts.get(account);
    if (found === undefined)
      return { found: false, reason: 'not_found', message: `лицевой счёт ${account} не найден` };
    if (found.inactive) return { found: false, reason: 'inactive', message: 'счёт не активен' };
    return { found: true, account: { account, name: found.name, balanceKopecks: found.balanceKopecks } };
  }

  async postPayment(input: PostPaymentInput): Promise<BillingPayment> {
    this.posts.push(input);
    await this.enter();
    if (this.refusePosts) throw new BillingError('rejected', 'приём платежей на этот счёт запрещён');
    let payment = this.payments.get(input.idempotencyKey);
    if (payment === undefined) {
      payment = {
        billingPaymentId: `B${this.payments.size + 1}`,
        idempotencyKey: input.idempotencyKey,
        account: input.account,
        amountKopecks: input.amountKopecks,
      };
      this.payments.set(input.idempotencyKey, payment);
    }
    if (this.postDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.postDelayMs));
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      throw new BillingError('unavailable', 'socket hang up', { outcomeKnown: false });
    }
    return payment;
  }

  async getPayment(idempotencyKey: string): Promise<BillingPayment | undefined> {
    this.lookups.push(idempotencyKey);
    await this.enter();
    return this.payments.get(idempotencyKey);
  }

  async close(): Promise<void> {}
}
