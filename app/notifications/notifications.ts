// The notifications part of the box, wired (deps.notifications): channels and their use cases, the
// alert listener that queues deliveries, the sender loop, and the failure source for the alert service.
// attach() connects it to the alert service; start()/stop() run the sender loop (server.ts).
import type { AlertCondition, AlertFeed } from '../alerts/alert-types.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../storage/database.ts';
import { NotificationChannelRepository } from '../storage/notification-channel-repository.ts';
import { NotificationRepository } from '../storage/notification-repository.ts';
import type { RegisterRepository } from '../storage/register-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { AlertNotifier } from './alert-notifier.ts';
import { ChannelService } from './channel-service.ts';
import { NOTIFICATION_FAILED_SOURCE, notificationFailedConditions } from './failure-source.ts';
import { NotificationDispatcher, type RetryPolicy } from './notification-dispatcher.ts';
import type { OutgoingDeps } from './outgoing.ts';
import { createSender, type SenderFactory } from './senders/index.ts';

/** The alert service as notifications use it: the feed, and (when it offers it) extra condition sources. */
export type AlertServiceSeam = AlertFeed & {
  addSource?: (name: string, source: () => AlertCondition[]) => void;
};

export interface NotificationsDeps {
  db: Db;
  transaction: Transaction;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  settings: OutgoingDeps['settings'];
  registers: Pick<RegisterRepository, 'getById'>;
  /** Tests hand in fakes or fast retries. */
  senders?: SenderFactory;
  retry?: Partial<RetryPolicy>;
}

export class Notifications {
  readonly channels: ChannelService;
  readonly dispatcher: NotificationDispatcher;
  readonly notifier: AlertNotifier;
  readonly deliveries: NotificationRepository;

  constructor(deps: NotificationsDeps) {
    const channelRepository = new NotificationChannelRepository(deps.db);
    this.deliveries = new NotificationRepository(deps.db);
    const logger = deps.logger.child({ module: 'notifications' });
    this.dispatcher = new NotificationDispatcher({
      channels: channelRepository,
      deliveries: this.deliveries,
      senders: deps.senders ?? createSender,
      clock: deps.clock,
      logger,
      settings: deps.settings,
      registers: deps.registers,
      ...(deps.retry ? { retry: deps.retry } : {}),
    });
    this.notifier = new AlertNotifier({
      channels: channelRepository,
      deliveries: this.deliveries,
      transaction: deps.transaction,
      clock: deps.clock,
      logger,
      queued: () => this.dispatcher.wake(),
    });
    this.channels = new ChannelService({
      channels: channelRepository,
      deliveries: this.deliveries,
      dispatcher: this.dispatcher,
      audit: deps.audit,
      transaction: deps.transaction,
      clock: deps.clock,
    });
  }

  /** Listens to the alert service and gives it the notification_failed condition (when it takes sources). */
  attach(alerts: AlertServiceSeam): void {
    this.notifier.attach(alerts);
    alerts.addSource?.(NOTIFICATION_FAILED_SOURCE, () => this.failureConditions());
  }

  /** The notification_failed condition(s) now: a channel whose latest attempt failed. */
  failureConditions(): AlertCondition[] {
    return notificationFailedConditions(this.deliveries);
  }

  start(): void {
    this.dispatcher.start();
  }

  async stop(): Promise<void> {
    this.notifier.detach();
    await this.dispatcher.stop();
  }
}
