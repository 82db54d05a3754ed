// Failures to notify are themselves an alert (issue 4): the alert service asks this source for its
// conditions like any other. One condition for the box names every channel whose latest attempt
// failed; it goes away once each of them delivers again (or is disabled). One condition, not one per
// channel: an alert is one per (rule, subject), and channels are not subjects (alert-types.ts).
import type { AlertCondition } from '../alerts/alert-types.ts';
import type { NotificationRepository } from '../storage/notification-repository.ts';

export const NOTIFICATION_FAILED_SOURCE = 'notifications';

export function notificationFailedConditions(deliveries: NotificationRepository): AlertCondition[] {
  const failing = deliveries.failingChannels();
  if (failing.length === 0) return [];
  const names = failing.map((channel) => `«${channel.channelName}» (${channel.lastError.slice(0, 120)})`);
  return [
    {
      rule: 'notification_failed',
      subject: 'box',
      severity: 'warning',
      message: `Уведомления не доставляются: ${names.join('; ')}`,
      value: failing.length,
    },
  ];
}
