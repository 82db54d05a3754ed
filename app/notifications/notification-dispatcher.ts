// The sender loop: delivers due pending notifications one at a time, with retries and exponential
// backoff, and holds them back during a channel's quiet hours. Everything it knows is in the
// `notification` table, so a restart picks up where it stopped (a send cut off by a power cut is sent
// again: a duplicate message is better than a lost alert). The loop itself is app/background/drain-loop.ts.
import { DrainLoop, type DrainPass } from '../background/drain-loop.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type {
  ChannelRow,
  NotificationChannelRepository,
} from '../storage/notification-channel-repository.ts';
import type { DeliveryRow, NotificationRepository } from '../storage/notification-repository.ts';
import { scrubbed, secretValues } from './channel-config.ts';
import { buildOutgoing, type OutgoingDeps } from './outgoing.ts';
import { quietUntil } from './quiet-hours.ts';
import type { SenderFactory } from './senders/index.ts';

export interface RetryPolicy {
  /** Attempts before a delivery is given up as failed. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How often the loop looks for due work even without a wake (quiet hours ending, retries). */
  pollMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  pollMs: 15_000,
};

const BATCH = 50;

export function retryDelayMs(policy: RetryPolicy, attemptsMade: number): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1), policy.maxDelayMs);
}

export interface DispatcherDeps extends OutgoingDeps {
  channels: NotificationChannelRepository;
  deliveries: NotificationRepository;
  senders: SenderFactory;
  clock: Clock;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Told after each attempt, so the failure alert can follow without waiting for its next poll. */
  onAttempt?: () => void;
}

export class NotificationDispatcher {
  private readonly deps: DispatcherDeps;
  private readonly retry: RetryPolicy;
  private readonly loop: DrainLoop;

  constructor(deps: DispatcherDeps) {
    this.deps = deps;
    this.retry = { ...DEFAULT_RETRY, ...deps.retry };
    this.loop = new DrainLoop({
      pass: () => this.pass(),
      pollMs: this.retry.pollMs,
      logger: deps.logger,
      failureMessage: 'notification loop failed',
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops the loop and waits for the attempt in flight. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** New work was queued: look at once (when started). */
  wake(): void {
    this.loop.wake();
  }

  /** Delivers everything due now; answers how many deliveries it attempted. Tests call it directly. */
  runDue(): Promise<number> {
    return this.loop.runDue();
  }

  private async pass(): Promise<DrainPass> {
    let tried = 0;
    const due = this.deps.deliveries.due(this.deps.clock.now().toISOString(), BATCH);
    for (const delivery of due) {
      if (await this.deliver(delivery)) tried++;
    }
    return { tried, more: due.length === BATCH };
  }

  /** One delivery: sent, retried later, postponed for quiet hours, or failed. True when a send was tried. */
  private async deliver(delivery: DeliveryRow): Promise<boolean> {
    const { deliveries, clock } = this.deps;
    const channel = this.deps.channels.getById(delivery.channelId);
    const now = clock.now();
    if (channel === undefined) return false;
    if (!channel.enabled) {
      deliveries.markFailed(delivery.id, 'канал выключен', now.toISOString());
      return false;
    }
    const quietEnd = this.quietEnd(channel, delivery, now);
    if (quietEnd !== undefined) {
      deliveries.postpone(delivery.id, quietEnd.toISOString());
      return false;
    }
    const error = await this.attempt(channel, delivery, now);
    const at = clock.now();
    if (error === undefined) {
      deliveries.markSent(delivery.id, at.toISOString());
    } else {
      const attemptsMade = delivery.attempts + 1;
      const retryAt =
        attemptsMade >= this.retry.maxAttempts
          ? null
          : new Date(at.getTime() + retryDelayMs(this.retry, attemptsMade)).toISOString();
      deliveries.markAttemptFailed(delivery.id, error, at.toISOString(), retryAt);
      this.deps.logger.warn(
        { notification: delivery.id, channel: channel.id, attempts: attemptsMade, error, retryAt },
        retryAt === null ? 'notification failed for good' : 'notification failed; will retry',
      );
    }
    this.deps.onAttempt?.();
    return true;
  }

  /** Sends now; answers the error text (secrets scrubbed) or undefined when delivered. */
  async attempt(
    channel: ChannelRow,
    delivery: Pick<DeliveryRow, 'eventKind' | 'alert'>,
    now: Date,
  ): Promise<string | undefined> {
    try {
      const outgoing = buildOutgoing(this.deps, { ...delivery, channelName: channel.name }, now);
      await this.deps.senders(channel.kind, channel.config).send(outgoing);
      return undefined;
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return scrubbed(text, secretValues(channel.kind, channel.config)).slice(0, 1000);
    }
  }

  private quietEnd(channel: ChannelRow, delivery: DeliveryRow, now: Date): Date | undefined {
    if (channel.quietHours === null || delivery.eventKind === 'test') return undefined;
    if (channel.criticalBypassesQuiet && delivery.alert?.severity === 'critical') return undefined;
    const timezone = channel.quietHours.timezone ?? this.deps.settings.read().timezone;
    return quietUntil(now, { ...channel.quietHours, timezone });
  }
}
