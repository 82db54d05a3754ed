// The alert listener against a small fake feed (the AlertFeed contract only): deliveries are queued per
// wanting channel in one go, and an escalation of an alert raised before the listener attached (a
// restart) is still recognised.
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent, AlertFeed, AlertListener } from '../../../../app/alerts/alert-types.ts';
import { createLogger } from '../../../../app/logger.ts';
import { AlertNotifier } from '../../../../app/notifications/alert-notifier.ts';
import { openDatabase } from '../../../../app/storage/database.ts';
import { NotificationChannelRepository } from '../../../../app/storage/notification-channel-repository.ts';
import { NotificationRepository } from '../../../../app/storage/notification-repository.ts';
import { transactionOf } from '../../../../app/storage/transaction.ts';

class FakeFeed implements AlertFeed {
  readonly listeners = new Set<AlertListener>();
  alerts: Alert[] = [];
  subscribe(listener: AlertListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  active() {
    return this.alerts;
  }
  emit(event: AlertEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

const db = openDatabase(':memory:');
afterEach(() => {
  db.exec('DELETE FROM notification; DELETE FROM notification_channel;');
});

function setUp() {
  const channels = new NotificationChannelRepository(db);
  const deliveries = new NotificationRepository(db);
  let wakes = 0;
  const notifier = new AlertNotifier({
    channels,
    deliveries,
    transaction: transactionOf(db),
    clock: { now: () => new Date('2026-11-22T10:00:00.000Z') },
    logger: createLogger({ level: 'silent' }),
    queued: () => wakes++,
  });
  const at = '2026-11-22T10:00:00.000Z';
  const channel = (name: string, enabled: boolean, rule = '*') =>
    channels.insert(
      {
        kind: 'webhook',
        name,
        config: { url: 'http://127.0.0.1:9/' },
        enabled,
        quietHours: null,
        criticalBypassesQuiet: true,
        routes: [{ rule, minSeverity: 'warning' }],
      },
      at,
    );
  return { notifier, deliveries, channel, wakes: () => wakes };
}

const alert = (severity: Alert['severity']): Alert => ({
  id: 41,
  rule: 'ofd_backlog',
  subject: 'register:1',
  registerId: 1,
  severity,
  message: 'Документы не переданы в ОФД 8 дней',
  value: 8,
  state: 'active',
  raisedAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  clearedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
});

describe('the alert listener', () => {
  it('queues one delivery per enabled channel that wants the alert, and wakes the sender', () => {
    const { notifier, deliveries, channel, wakes } = setUp();
    channel('all', true);
    channel('off', false);
    channel('fn only', true, 'fn_expiry');
    const feed = new FakeFeed();
    notifier.attach(feed);
    feed.emit({ kind: 'raised', alert: alert('warning') });
    const queued = deliveries.list({ limit: 10 });
    expect(queued.map((d) => [d.channelName, d.eventKind, d.state])).toEqual([['all', 'raised', 'pending']]);
    expect(queued[0]!.alert).toEqual(alert('warning'));
    expect(wakes()).toBe(1);
    notifier.detach();
    feed.emit({ kind: 'cleared', alert: { ...alert('warning'), state: 'cleared' } });
    expect(deliveries.list({ limit: 10 })).toHaveLength(1);
  });

  it('knows the severity of alerts active before it attached, so an escalation after a restart notifies', () => {
    const { notifier, deliveries, channel } = setUp();
    channel('all', true);
    const feed = new FakeFeed();
    feed.alerts = [alert('warning')];
    notifier.attach(feed);
    feed.emit({ kind: 'updated', alert: { ...alert('warning'), message: 'уже 9 дней' } });
    expect(deliveries.list({ limit: 10 })).toEqual([]);
    feed.emit({ kind: 'updated', alert: alert('critical') });
    expect(deliveries.list({ limit: 10 }).map((d) => d.eventKind)).toEqual(['escalated']);
  });
});
