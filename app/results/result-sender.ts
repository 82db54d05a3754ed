// Delivers planned results (result_delivery) with backoff: http kinds are POSTed as JSON, a callback
// signed with its source's secret (X-KassaBox-Signature: sha256=<hex HMAC-SHA256 of the exact body>,
// the same scheme as the notification webhook), billing marks go through the billing adapter. Any 2xx
// is delivered. Everything it knows is in the table, so a restart picks up where it stopped; a send
// cut off by a power cut is sent again (X-KassaBox-Delivery lets the receiver drop the repeat).
// The loop itself is app/background/drain-loop.ts.
import type { BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import { DrainLoop, type DrainPass } from '../background/drain-loop.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { httpRequest } from '../notifications/senders/sender.ts';
import { SIGNATURE_HEADER, signature } from '../notifications/senders/webhook-sender.ts';
import type { BillingPollerRepository } from '../storage/billing-poller-repository.ts';
import type { PaymentRepository } from '../storage/payment-repository.ts';
import type { ReceiptRepository } from '../storage/receipt-repository.ts';
import type { ResultDeliveryRepository, ResultDeliveryRow } from '../storage/result-delivery-repository.ts';
import type { ResultTargetRepository } from '../storage/result-target-repository.ts';
import { retryDelayMs } from './retry-schedule.ts';

export const DELIVERY_HEADER = 'x-kassabox-delivery';
/** How long one POST may take before the attempt counts as failed. */
export const DELIVERY_TIMEOUT_MS = 10_000;
const POLL_MS = 15_000;
const BATCH = 50;

export interface ResultSenderDeps {
  deliveries: ResultDeliveryRepository;
  targets: Pick<ResultTargetRepository, 'get'>;
  payments: Pick<PaymentRepository, 'getById'>;
  receipts: Pick<ReceiptRepository, 'getByPaymentId'>;
  pollers: Pick<BillingPollerRepository, 'getBySource'>;
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  pollMs?: number;
}

export class ResultSender {
  private readonly deps: ResultSenderDeps;
  private readonly loop: DrainLoop;

  constructor(deps: ResultSenderDeps) {
    this.deps = deps;
    this.loop = new DrainLoop({
      pass: () => this.pass(),
      pollMs: deps.pollMs ?? POLL_MS,
      logger: deps.logger,
      failureMessage: 'result delivery loop failed',
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops the loop and waits for the attempt in flight. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Delivers everything due now; answers how many attempts it made. Tests call it directly. */
  runDue(): Promise<number> {
    return this.loop.runDue();
  }

  private async pass(): Promise<DrainPass> {
    const due = this.deps.deliveries.due(this.deps.clock.now().toISOString(), BATCH);
    for (const delivery of due) await this.deliver(delivery);
    return { tried: due.length, more: due.length === BATCH };
  }

  private async deliver(delivery: ResultDeliveryRow): Promise<void> {
    const { deliveries, clock, logger } = this.deps;
    const error = await this.attempt(delivery);
    const at = clock.now();
    if (error === undefined) {
      deliveries.markDelivered(delivery.id, at.toISOString());
      return;
    }
    const attemptsMade = delivery.attempts + 1;
    const delay = error.final ? undefined : retryDelayMs(attemptsMade);
    const retryAt = delay === undefined ? null : new Date(at.getTime() + delay).toISOString();
    deliveries.markAttemptFailed(delivery.id, error.message, at.toISOString(), retryAt);
    logger.warn(
      { delivery: delivery.id, kind: delivery.kind, attempts: attemptsMade, error: error.message, retryAt },
      retryAt === null ? 'result delivery failed for good' : 'result delivery failed; will retry',
    );
  }

  /** One attempt; answers undefined when delivered, else why not (never a secret). */
  private async attempt(
    delivery: ResultDeliveryRow,
  ): Promise<{ message: string; final: boolean } | undefined> {
    try {
      if (delivery.kind === 'billing_mark') return await this.markInBilling(delivery);
      if (delivery.url === null || delivery.bodyJson === null) {
        return { message: 'the delivery has no URL or body', final: true };
      }
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [DELIVERY_HEADER]: String(delivery.id),
      };
      if (delivery.kind === 'callback') {
        const secret = this.secretOf(delivery.paymentId);
        if (secret) headers[SIGNATURE_HEADER] = signature(secret, delivery.bodyJson);
      }
      await httpRequest(
        delivery.url,
        { method: 'POST', headers, body: delivery.bodyJson },
        this.deps.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      );
      return undefined;
    } catch (error) {
      return {
        message: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
        final: false,
      };
    }
  }

  private secretOf(paymentId: number): string | null {
    const payment = this.deps.payments.getById(paymentId);
    return payment === undefined ? null : (this.deps.targets.get(payment.sourceId)?.callbackSecret ?? null);
  }

  /** The receipt's FN, FD and FP recorded against the billing's own payment (its id is our external_id). */
  private async markInBilling(
    delivery: ResultDeliveryRow,
  ): Promise<{ message: string; final: boolean } | undefined> {
    const payment = this.deps.payments.getById(delivery.paymentId);
    const receipt = this.deps.receipts.getByPaymentId(delivery.paymentId);
    if (payment === undefined || receipt === undefined) {
      return { message: 'the payment has no receipt to mark', final: true };
    }
    const poller = this.deps.pollers.getBySource(payment.sourceId);
    if (poller === undefined)
      return { message: 'the source has no poller, so no billing to mark in', final: true };
    const adapter = this.deps.adapterFor(poller.billingConnectionId);
    if (adapter.markFiscalized === undefined) {
      return { message: `a billing connection of kind ${adapter.kind} cannot mark payments`, final: true };
    }
    await adapter.markFiscalized(payment.externalId, {
      fnNumber: receipt.fnNumber,
      fdNumber: receipt.fdNumber,
      fiscalSign: receipt.fiscalSign,
      fiscalizedAt: receipt.fiscalizedAt,
    });
    return undefined;
  }
}
