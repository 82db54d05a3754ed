// The background half of translator mode: payments the channel was already answered for (the billing
// was down or slow past the deadline) are posted to the billing here, with backoff, until the billing
// takes them or refuses them for good (then a person decides; the receipt stands, the money was taken).
// The state is all in channel_txn, so a restart continues where it stopped. The loop itself is
// app/background/drain-loop.ts.
import type { BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import { DrainLoop } from '../background/drain-loop.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { ChannelRepository } from '../storage/channel-repository.ts';
import type { ChannelTxnRepository, ChannelTxnRow } from '../storage/channel-txn-repository.ts';
import { backoffMs, type InFlight, postComment, postToBilling } from './billing-post.ts';

export interface BillingPostLoopDeps {
  channels: ChannelRepository;
  txns: ChannelTxnRepository;
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  inFlight: InFlight;
  clock: Clock;
  logger: Logger;
  /** How often the loop looks even when nothing woke it; 5 s by default. */
  intervalMs?: number;
}

const BATCH = 20;

export class BillingPostLoop {
  private readonly deps: BillingPostLoopDeps;
  private readonly loop: DrainLoop;

  constructor(deps: BillingPostLoopDeps) {
    this.deps = deps;
    // One batch per pass (no going round on a full batch): a transaction another post holds in flight
    // stays due, so a full batch of those would spin; the next wake or tick takes the rest.
    this.loop = new DrainLoop({
      pass: async () => ({ tried: await this.runOnce(), more: false }),
      pollMs: deps.intervalMs ?? 5_000,
      logger: deps.logger,
      failureMessage: 'billing post loop failed',
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Look now (a transaction was left for the loop). */
  wake(): void {
    this.loop.wake();
  }

  /**
   * Posts every due transaction once; returns how many it tried. Tests call it directly; it may run
   * beside the loop's own pass, as inFlight keeps a transaction to one post at a time.
   */
  async runOnce(): Promise<number> {
    const { txns, channels, inFlight, clock } = this.deps;
    let tried = 0;
    for (const txn of txns.due(clock.now().toISOString(), BATCH)) {
      if (inFlight.has(txn.id)) continue;
      const channel = channels.getById(txn.channelId);
      if (channel?.billingConnectionId == null) {
        this.retryLater(txn, 'the channel has no billing connection now');
        continue;
      }
      inFlight.add(txn.id);
      tried++;
      try {
        const adapter = this.deps.adapterFor(channel.billingConnectionId);
        const result = await postToBilling(this.deps, txn, adapter, postComment(channel.slug, txn.txnId));
        if (result.kind === 'rejected')
          this.deps.logger.error(
            { channel: channel.slug, txn: txn.id, txn_id: txn.txnId },
            'the billing refused a payment already taken; a person must decide (GET /channels/:id/transactions)',
          );
      } catch (error) {
        this.retryLater(txn, error instanceof Error ? error.message : String(error));
      } finally {
        inFlight.delete(txn.id);
      }
    }
    return tried;
  }

  /** The post could not be made (no billing connection, no adapter, an unexpected throw): try again later. */
  private retryLater(txn: ChannelTxnRow, why: string): void {
    const { txns, clock } = this.deps;
    const later = new Date(clock.now().getTime() + backoffMs(txn.attempts + 1)).toISOString();
    txns.markRetry(txn.id, why, later, txn.postInDoubt, clock.now().toISOString());
  }
}
