// One poll of one billing poller (registrar mode, issue 5 "Polling adapters"): page through the
// billing's payments after the stored cursor, accept each into the poller's source, then store the
// page's cursor. Durable state first: a payment is accepted (committed) before the cursor moves past
// it, so a crash between the two only makes the next poll see the page again, and the accepts are
// idempotent on (source, external_id = the billing's payment id): the same payment again answers the
// payment already stored, never a second one and never a second receipt.
import type { BilledPayment, BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import {
  type AcceptPaymentInput,
  PaymentConflictError,
  PaymentInputError,
} from '../payments/accept-payment.ts';
import type { BillingPollerRepository, PollerRow } from '../storage/billing-poller-repository.ts';
import type { Transaction } from '../storage/transaction.ts';

/** Payments asked for per page. */
export const PAGE_SIZE = 100;
/** Pages per run at most, so one long history does not hold the loop; the next run goes on. */
export const MAX_PAGES_PER_RUN = 50;

export const POLLER_CONTEXT: AuditContext = { actor: { kind: 'system', name: 'poller' }, ip: null };

export interface PollDeps {
  pollers: BillingPollerRepository;
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  payments: { accept(input: AcceptPaymentInput): { created: boolean } };
  audit: AuditLog;
  transaction: Transaction;
  now: () => Date;
}

export interface PollOutcome {
  accepted: number;
  cursor: string | null;
  /** The run's failure and the payments it skipped, for last_error; null when nothing went wrong. */
  error: string | null;
}

/** A payment the box refused for good (invalid, or its id reused with other content): passed over. */
interface Skipped {
  billingPaymentId: string;
  reason: string;
}

export async function pollBilling(
  deps: PollDeps,
  poller: PollerRow,
  shouldStop: () => boolean = () => false,
): Promise<PollOutcome> {
  let cursor = poller.cursor;
  let accepted = 0;
  const skipped: Skipped[] = [];
  let failure: string | null = null;
  try {
    const adapter = deps.adapterFor(poller.billingConnectionId);
    if (adapter.paymentsAfter === undefined) {
      throw new Error(`a billing connection of kind ${adapter.kind} cannot list payments; use abills or sql`);
    }
    for (let page = 0; page < MAX_PAGES_PER_RUN && !shouldStop(); page++) {
      const answer = await adapter.paymentsAfter(cursor ?? undefined, PAGE_SIZE);
      const pageSkipped: Skipped[] = [];
      for (const payment of answer.payments) {
        if (poller.filter.methods !== undefined && !poller.filter.methods.includes(payment.method)) continue;
        const result = acceptOne(deps, poller, payment);
        if (result === 'created') accepted++;
        else if (result !== 'known') pageSkipped.push(result);
      }
      // A crash here leaves the cursor behind payments already accepted: harmless (see the header).
      const moved = deps.transaction(() => {
        for (const skip of pageSkipped) {
          deps.audit.record(POLLER_CONTEXT, {
            action: 'billing_poller.payment_skipped',
            entity: 'billing_poller',
            entityId: poller.id,
            after: { billingPaymentId: skip.billingPaymentId, reason: skip.reason },
          });
        }
        if (answer.cursor === cursor) return true;
        return deps.pollers.advanceCursor(poller.id, cursor, answer.cursor);
      });
      if (!moved)
        throw new Error('the cursor was changed by a person during the poll; the next poll starts there');
      skipped.push(...pageSkipped);
      // The end is where the cursor stops moving, not a short page: an adapter may answer fewer than
      // asked while more follow (ABillS lists newest first, so abills-rest pages by id ranges; refunds
      // and other methods are left out of a page the cursor still passes).
      const reachedEnd = answer.cursor === cursor;
      cursor = answer.cursor;
      if (reachedEnd) break;
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  const error = describe(failure, skipped);
  deps.pollers.recordRun(poller.id, { at: deps.now().toISOString(), ok: failure === null, error });
  return { accepted, cursor, error };
}

/**
 * Accepts one billed payment. A contact the box cannot use (not a phone or e-mail) does not cost the
 * customer the receipt: the payment is accepted without it. Only errors about this one payment are
 * caught; anything else (the source removed, the database) fails the run before the cursor moves.
 */
function acceptOne(deps: PollDeps, poller: PollerRow, payment: BilledPayment): 'created' | 'known' | Skipped {
  const input: AcceptPaymentInput = {
    sourceId: poller.sourceId,
    externalId: payment.billingPaymentId,
    account: payment.account,
    amountKopecks: payment.amountKopecks,
    method: payment.method,
    paidAt: payment.paidAt,
    ...(payment.customerContact ? { customerContact: payment.customerContact } : {}),
  };
  try {
    try {
      return deps.payments.accept(input).created ? 'created' : 'known';
    } catch (error) {
      if (!(error instanceof PaymentInputError) || error.path !== '/customer_contact') throw error;
      const { customerContact: _unusable, ...withoutContact } = input;
      return deps.payments.accept(withoutContact).created ? 'created' : 'known';
    }
  } catch (error) {
    if (error instanceof PaymentInputError) {
      return {
        billingPaymentId: payment.billingPaymentId,
        reason: `${error.path.slice(1)} ${error.message}`,
      };
    }
    if (error instanceof PaymentConflictError) {
      return { billingPaymentId: payment.billingPaymentId, reason: error.message };
    }
    throw error;
  }
}

function describe(failure: string | null, skipped: Skipped[]): string | null {
  const parts: string[] = [];
  if (failure !== null) parts.push(failure);
  if (skipped.length > 0) {
    const listed = skipped
      .slice(0, 10)
      .map((skip) => `${skip.billingPaymentId} (${skip.reason})`)
      .join('; ');
    const more = skipped.length > 10 ? ` and ${skipped.length - 10} more (see the audit log)` : '';
    parts.push(`skipped ${skipped.length} payment(s) the box refused: ${listed}${more}`);
  }
  return parts.length === 0 ? null : parts.join('. ').slice(0, 2000);
}
