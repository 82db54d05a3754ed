// The payment half of translator mode (issue 5): store (channel, txn_id) first, check the account and
// post the payment to the billing within the channel's deadline, take the box payment (its receipt)
// exactly once, and answer from what is stored. A billing that is down or slow does not lose the
// payment: it is taken and answered, and the post is finished in the background (the post in flight, or
// BillingPostLoop). A billing that refuses for good before the answer gets its refusal passed on, and no
// receipt is made: no money was taken.
import type { AccountRefusal, BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { type AcceptPaymentInput, PaymentConflictError } from '../payments/accept-payment.ts';
import type { ChannelRow } from '../storage/channel-repository.ts';
import type { ChannelTxnRepository, ChannelTxnRow } from '../storage/channel-txn-repository.ts';
import type { PaymentRow } from '../storage/payment-repository.ts';
import { type InFlight, postComment, postToBilling } from './billing-post.ts';
import type { ChannelAnswer, ChannelRequest } from './channel-codec.ts';
import type { ChannelOutcome } from './channel-outcomes.ts';
import type { ChannelSettings } from './channel-settings.ts';
import { within } from './deadline.ts';

export interface PaymentAcceptor {
  accept(
    input: AcceptPaymentInput,
    onCreated?: (payment: PaymentRow) => void,
  ): { view: { payment: PaymentRow } };
}

export interface ChannelPaymentsDeps {
  txns: ChannelTxnRepository;
  payments: PaymentAcceptor;
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  inFlight: InFlight;
  clock: Clock;
  logger: Logger;
  /** A taken payment's billing post was left for the background loop. */
  leftForLoop: () => void;
}

export const REFUSALS: Record<AccountRefusal, ChannelOutcome> = {
  not_found: 'account_not_found',
  bad_format: 'bad_account',
  inactive: 'account_inactive',
  forbidden: 'forbidden',
};

type BillingDecision =
  | { kind: 'posted' }
  | { kind: 'refused'; outcome: ChannelOutcome; message: string }
  | { kind: 'later'; pending?: Promise<unknown> };

export class ChannelPayments {
  private readonly deps: ChannelPaymentsDeps;
  /** Billing posts still running after their channel was answered (the deadline passed). */
  private readonly background = new Set<Promise<void>>();

  constructor(deps: ChannelPaymentsDeps) {
    this.deps = deps;
  }

  /** Waits for the posts still running in the background (shutdown, before the database closes). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  async pay(
    channel: ChannelRow,
    settings: ChannelSettings,
    request: Extract<ChannelRequest, { action: 'pay' }>,
    /** When the notification arrived (epoch ms): the deadline counts from there. */
    receivedAt: number,
  ): Promise<ChannelAnswer> {
    const { txns, inFlight, clock } = this.deps;
    const existing = txns.find(channel.id, request.txnId);
    if (existing !== undefined) {
      const differs = [
        ...(existing.account === request.account ? [] : ['счёт']),
        ...(existing.amountKopecks === request.amountKopecks ? [] : ['сумма']),
      ];
      if (differs.length > 0)
        return {
          outcome: 'txn_conflict',
          message: `платёж с этим номером уже получен, но ${differs.join(' и ')} другие; новый платёж требует нового номера`,
          txnId: request.txnId,
        };
      if (existing.paymentId !== null) return success(existing, 'duplicate', 'платёж уже принят');
      // Refused before the money was taken (the billing said no): the same refusal again.
      if (existing.refusal !== null || existing.billingState === 'rejected') return refusalAnswer(existing);
      if (inFlight.has(existing.id))
        return {
          outcome: 'in_progress',
          message: 'платёж обрабатывается, повторите позже',
          txnId: request.txnId,
        };
    }
    // Durable first: from this commit on, the transaction is known under (channel, txn_id).
    const id =
      existing?.id ??
      txns.insert(
        {
          channelId: channel.id,
          txnId: request.txnId,
          account: request.account,
          amountKopecks: request.amountKopecks,
          txnDate: request.txnDate,
          paidAt: request.paidAt.toISOString(),
          billingState: channel.billingConnectionId === null ? 'not_needed' : 'received',
        },
        clock.now().toISOString(),
      );
    inFlight.add(id);
    let pending: Promise<unknown> | undefined;
    try {
      let txn = txns.getById(id)!;
      if (txn.billingState === 'received' && channel.billingConnectionId !== null) {
        const decision = await this.askBilling(channel, txn, receivedAt + settings.deadlineMs);
        if (decision.kind === 'refused') {
          txns.setRefusal(id, decision.outcome, decision.message, clock.now().toISOString());
          return refusalAnswer(txns.getById(id)!);
        }
        if (decision.kind === 'later') pending = decision.pending;
      }
      txn = txns.getById(id)!;
      const taken = this.take(channel, txn);
      if (taken !== undefined) return taken;
      return success(txns.getById(id)!, 'ok', 'OK');
    } finally {
      if (pending === undefined) {
        inFlight.delete(id);
        if (txns.getById(id)?.billingState === 'received') this.deps.leftForLoop();
      } else {
        // The post goes on after the answer; its result is stored by postToBilling. A failure here
        // (the database closed under it at shutdown) leaves post_in_doubt set: resolved at the next start.
        const settled: Promise<void> = pending
          .then(
            () => undefined,
            (error: unknown) =>
              this.deps.logger.error(
                { err: error, txn: id },
                'a billing post finishing in the background failed',
              ),
          )
          .finally(() => {
            inFlight.delete(id);
            this.background.delete(settled);
            this.deps.leftForLoop();
          });
        this.background.add(settled);
      }
    }
  }

  /** The account check and the post, both inside the deadline. */
  private async askBilling(
    channel: ChannelRow,
    txn: ChannelTxnRow,
    deadline: number,
  ): Promise<BillingDecision> {
    let adapter: BillingAdapter;
    try {
      adapter = this.deps.adapterFor(channel.billingConnectionId!);
    } catch (error) {
      this.deps.logger.error({ err: error, channel: channel.slug }, 'the billing connection cannot be used');
      return { kind: 'later' };
    }
    // A post that may have reached the billing already (a crash, a lost answer) is resolved first: the
    // account check could refuse what the billing has taken.
    if (!txn.postInDoubt) {
      const found = await within(adapter.findAccount(txn.account), deadline);
      if (!found.settled || 'error' in found) return { kind: 'later' };
      if (!found.value.found)
        return { kind: 'refused', outcome: REFUSALS[found.value.reason], message: found.value.message };
    }
    const post = postToBilling(this.deps, txn, adapter, postComment(channel.slug, txn.txnId));
    const posted = await within(post, deadline);
    if (!posted.settled) return { kind: 'later', pending: post };
    if ('error' in posted) return { kind: 'later' };
    if (posted.value.kind === 'posted') return { kind: 'posted' };
    if (posted.value.kind === 'rejected')
      return { kind: 'refused', outcome: 'forbidden', message: posted.value.message };
    return { kind: 'later' };
  }

  /** The box payment and its receipt, exactly once: (source, txn_id) is its idempotency key. */
  private take(channel: ChannelRow, txn: ChannelTxnRow): ChannelAnswer | undefined {
    const now = () => this.deps.clock.now().toISOString();
    try {
      const { view } = this.deps.payments.accept(
        {
          sourceId: channel.sourceId,
          externalId: txn.txnId,
          account: txn.account,
          amountKopecks: txn.amountKopecks,
          method: 'electronic',
          paidAt: txn.paidAt,
        },
        // Inside the payment's transaction: the payment and the link to it commit together.
        (payment) => this.deps.txns.setPayment(txn.id, payment.id, now()),
      );
      this.deps.txns.setPayment(txn.id, view.payment.id, now());
      return undefined;
    } catch (error) {
      this.deps.logger.error(
        { err: error, channel: channel.slug, txn: txn.id },
        'the channel payment could not be taken',
      );
      // A payment of the source's API under the same external id will not go away by itself; anything
      // else (a busy database) may: the channel should repeat, and the repeat resumes this transaction.
      if (error instanceof PaymentConflictError)
        return {
          outcome: 'internal',
          message: `платёж ${txn.txnId} уже есть в кассе с другими данными`,
          txnId: txn.txnId,
        };
      return { outcome: 'temporary', message: 'внутренняя ошибка кассы, повторите позже', txnId: txn.txnId };
    }
  }
}

export function success(txn: ChannelTxnRow, outcome: 'ok' | 'duplicate', message: string): ChannelAnswer {
  return {
    outcome,
    message,
    txnId: txn.txnId,
    boxTxnId: txn.id,
    amountKopecks: txn.amountKopecks,
    registeredAt: new Date(txn.createdAt),
  };
}

export function refusalAnswer(txn: ChannelTxnRow): ChannelAnswer {
  return {
    outcome: txn.refusal ?? 'forbidden',
    message: txn.lastError ?? 'платёж отклонён',
    txnId: txn.txnId,
  };
}
