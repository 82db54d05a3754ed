// One billing post of a channel transaction, exactly once (product rule): the "post sent" mark is
// committed before the request leaves, so a lost answer or a crash is resolved with getPayment before
// the payment is posted again; the key is the box's channel_txn id, so even a second post of the same
// transaction is the same payment in the billing (billing-adapter.ts PostPaymentInput).
import { type BillingAdapter, BillingError } from '../../drivers/billing/billing-adapter.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { ChannelTxnRepository, ChannelTxnRow } from '../storage/channel-txn-repository.ts';

export type PostResult =
  | { kind: 'posted'; billingPaymentId: string }
  | { kind: 'rejected'; message: string }
  | { kind: 'retry'; message: string };

/** Transactions some request or the loop is posting now: nobody else touches them meanwhile. */
export class InFlight {
  private readonly ids = new Set<number>();
  has(id: number): boolean {
    return this.ids.has(id);
  }
  add(id: number): void {
    this.ids.add(id);
  }
  delete(id: number): void {
    this.ids.delete(id);
  }
}

export interface BillingPostDeps {
  txns: ChannelTxnRepository;
  clock: Clock;
  logger: Logger;
}

const BASE_BACKOFF_MS = 15_000;
const MAX_BACKOFF_MS = 30 * 60_000;

/** 15 s, 30 s, 1 min… up to 30 min between tries of an unreachable billing. */
export function backoffMs(attempts: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export async function postToBilling(
  deps: BillingPostDeps,
  txn: ChannelTxnRow,
  adapter: BillingAdapter,
  comment: string,
): Promise<PostResult> {
  const key = String(txn.id);
  const now = () => deps.clock.now().toISOString();
  const retry = (message: string, inDoubt: boolean): PostResult => {
    const attempts = deps.txns.getById(txn.id)?.attempts ?? txn.attempts;
    const notBefore = new Date(deps.clock.now().getTime() + backoffMs(Math.max(1, attempts))).toISOString();
    deps.txns.markRetry(txn.id, message, notBefore, inDoubt, now());
    return { kind: 'retry', message };
  };

  if (txn.postInDoubt) {
    // An earlier post's answer was lost: the billing may have it already.
    try {
      const found = await adapter.getPayment(key);
      if (found !== undefined) {
        deps.txns.markPosted(txn.id, found.billingPaymentId, now());
        return { kind: 'posted', billingPaymentId: found.billingPaymentId };
      }
    } catch (error) {
      return retry(`getPayment: ${messageOf(error)}`, true);
    }
  }

  deps.txns.markPostSent(txn.id, now());
  try {
    const posted = await adapter.postPayment({
      idempotencyKey: key,
      account: txn.account,
      amountKopecks: txn.amountKopecks,
      paidAt: new Date(txn.paidAt),
      comment,
    });
    deps.txns.markPosted(txn.id, posted.billingPaymentId, now());
    return { kind: 'posted', billingPaymentId: posted.billingPaymentId };
  } catch (error) {
    if (error instanceof BillingError && error.kind === 'rejected') {
      deps.txns.markRejected(txn.id, `the billing refused the payment: ${error.message}`, now());
      return { kind: 'rejected', message: error.message };
    }
    // Anything but a known refusal or a known failure may have reached the billing.
    const known = error instanceof BillingError && error.outcomeKnown;
    if (!known)
      deps.logger.warn({ txn: txn.id, err: error }, 'billing post answer lost; resolving before a retry');
    return retry(messageOf(error), !known);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the billing's payment record says about where the payment came from. */
export function postComment(slug: string, txnId: string): string {
  return `KassaBox channel ${slug}, txn ${txnId}`;
}
