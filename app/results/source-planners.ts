// The results a source asked for (source_result_target): its signed callback, and a mark in its
// billing. Planners run inside the result planner's transaction and only read the database.
import { paymentJson } from '../http/schemas/payment.ts';
import type { PaymentViews } from '../payments/payment-views.ts';
import type { BillingPollerRepository } from '../storage/billing-poller-repository.ts';
import type { ResultTargetRepository } from '../storage/result-target-repository.ts';
import type { DeliveryPlanner, FinishedPayment } from './delivery-planner.ts';

/** What the source's callback URL receives (docs/api.md "Results back"). */
export function callbackBody(
  finished: FinishedPayment,
  views: Pick<PaymentViews, 'byId'>,
): string | undefined {
  const view = views.byId(finished.paymentId);
  if (view === undefined) return undefined;
  const event = finished.outcome === 'done' ? 'payment.fiscalized' : 'payment.failed';
  return JSON.stringify({ event, payment: paymentJson(view) });
}

/**
 * The callback, when the source has a URL. The body is fixed now, as GET /payments/:id answers at this
 * moment, so every retry sends the same bytes (and the same signature).
 */
export function sourceCallbackPlanner(deps: {
  targets: Pick<ResultTargetRepository, 'get'>;
  views: Pick<PaymentViews, 'byId'>;
}): DeliveryPlanner {
  return (finished) => {
    const url = deps.targets.get(finished.sourceId)?.callbackUrl;
    if (!url) return [];
    const bodyJson = callbackBody(finished, deps.views);
    return bodyJson === undefined ? [] : [{ kind: 'callback', url, bodyJson }];
  };
}

/** Billing kinds whose adapter can record a receipt (drivers/billing/sql-billing.ts mark_fiscalized_sql). */
export const MARKABLE_KINDS: readonly string[] = ['sql'];

/**
 * The mark in the billing, for a fiscalized payment of a source that asked for it and has a poller
 * (the payment came from that billing, its external_id is the billing's payment id) on a billing that
 * has a place for it: the ABillS REST API has none, so nothing is planned there.
 */
export function billingMarkPlanner(deps: {
  targets: Pick<ResultTargetRepository, 'get'>;
  pollers: Pick<BillingPollerRepository, 'getBySource' | 'connectionKind'>;
}): DeliveryPlanner {
  return (finished) => {
    if (finished.outcome !== 'done') return [];
    if (!deps.targets.get(finished.sourceId)?.markInBilling) return [];
    const poller = deps.pollers.getBySource(finished.sourceId);
    if (poller === undefined) return [];
    const kind = deps.pollers.connectionKind(poller.billingConnectionId);
    if (kind === undefined || !MARKABLE_KINDS.includes(kind)) return [];
    return [{ kind: 'billing_mark' }];
  };
}
