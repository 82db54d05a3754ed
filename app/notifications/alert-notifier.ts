// Listens to the alert feed and queues one delivery per channel that wants the event, all in one
// transaction, then wakes the sender loop. It remembers each active alert's severity to tell a
// severity increase from other updates; the memory is seeded from the feed's active alerts when it
// attaches, so after a restart an escalation of an alert raised before it is still noticed.
import type { AlertEvent, AlertFeed, AlertSeverity } from '../alerts/alert-types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { NotificationChannelRepository } from '../storage/notification-channel-repository.ts';
import type { NotificationRepository } from '../storage/notification-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { channelsFor, notifiedKind } from './routing.ts';

export interface AlertNotifierDeps {
  channels: NotificationChannelRepository;
  deliveries: NotificationRepository;
  transaction: Transaction;
  clock: Clock;
  logger: Logger;
  /** Called after deliveries were queued. */
  queued: () => void;
}

export class AlertNotifier {
  private readonly deps: AlertNotifierDeps;
  private readonly severities = new Map<number, AlertSeverity>();
  private unsubscribe: (() => void) | undefined;

  constructor(deps: AlertNotifierDeps) {
    this.deps = deps;
  }

  attach(feed: AlertFeed): void {
    this.detach();
    for (const alert of feed.active()) this.severities.set(alert.id, alert.severity);
    this.unsubscribe = feed.subscribe((event) => this.onEvent(event));
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Queues the deliveries of one alert event; answers how many. */
  onEvent(event: AlertEvent): number {
    const alert = event.alert;
    const kind = notifiedKind(event, this.severities.get(alert.id));
    if (alert.state === 'cleared' || event.kind === 'cleared') this.severities.delete(alert.id);
    else this.severities.set(alert.id, alert.severity);
    if (kind === undefined) return 0;
    try {
      const count = this.deps.transaction(() => {
        const channels = channelsFor(alert, this.deps.channels.list());
        const at = this.deps.clock.now().toISOString();
        for (const channel of channels) {
          this.deps.deliveries.insert(
            {
              channelId: channel.id,
              alertId: alert.id,
              eventKind: kind,
              alert,
              state: 'pending',
              attempts: 0,
              nextAt: at,
              lastError: null,
              lastAttemptAt: null,
              sentAt: null,
            },
            at,
          );
        }
        return channels.length;
      });
      if (count > 0) this.deps.queued();
      return count;
    } catch (error) {
      // The alert itself is stored by the alert service; a notification that could not be queued is
      // logged loudly, and the alert still shows in the UI, SNMP and /metrics.
      this.deps.logger.error(
        { err: error, alert: alert.id },
        'could not queue the notifications of an alert',
      );
      return 0;
    }
  }
}
