// Which alert events become notifications, and to which channels (pure). People are told when an alert
// is raised, when it gets worse (warning → critical), and when it is cleared; message changes and
// acknowledgements are not worth a message at 3 a.m.
import type { Alert, AlertEvent, AlertSeverity } from '../alerts/alert-types.ts';
import type { ChannelRoute, ChannelRow } from '../storage/notification-channel-repository.ts';
import type { NotificationEventKind } from '../storage/notification-repository.ts';

const RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 };

/**
 * The notification kind of an alert event, given the severity last seen for that alert (undefined when
 * the alert was not known active), or undefined when the event is not notified.
 */
export function notifiedKind(
  event: AlertEvent,
  previousSeverity: AlertSeverity | undefined,
): Exclude<NotificationEventKind, 'test'> | undefined {
  switch (event.kind) {
    case 'raised':
      return 'raised';
    case 'cleared':
      return 'cleared';
    case 'updated':
      if (previousSeverity === undefined) return undefined;
      return RANK[event.alert.severity] > RANK[previousSeverity] ? 'escalated' : undefined;
    default:
      return undefined;
  }
}

export function routeMatches(route: ChannelRoute, alert: Alert): boolean {
  return (route.rule === '*' || route.rule === alert.rule) && RANK[alert.severity] >= RANK[route.minSeverity];
}

/** The enabled channels that want this alert (at its current severity). */
export function channelsFor(alert: Alert, channels: readonly ChannelRow[]): ChannelRow[] {
  return channels.filter((channel) => channel.enabled && channel.routes.some((r) => routeMatches(r, alert)));
}
