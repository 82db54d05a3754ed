// Turns a stored delivery into what a sender sends: the Russian message and the webhook's JSON. Read at
// send time, so the box's and the register's names are today's, while the alert is as it was when the
// event happened (stored with the delivery).
import type { Alert } from '../alerts/alert-types.ts';
import type { NotificationEventKind } from '../storage/notification-repository.ts';
import type { RegisterRepository } from '../storage/register-repository.ts';
import { alertMessage, type MessageContext, testMessage } from './message.ts';
import type { NotificationPayload, Outgoing } from './senders/sender.ts';

export interface OutgoingDeps {
  /** The box's name and time zone (SettingsService). */
  settings: { read(): { boxName: string; timezone: string } };
  registers: Pick<RegisterRepository, 'getById'>;
}

export function buildOutgoing(
  deps: OutgoingDeps,
  delivery: { eventKind: NotificationEventKind; alert: Alert | null; channelName: string },
  now: Date,
): Outgoing {
  const { boxName, timezone } = deps.settings.read();
  const alert = delivery.alert;
  const registerId = alert?.registerId ?? null;
  const registerName = registerId === null ? null : (deps.registers.getById(registerId)?.name ?? null);
  const context: MessageContext = { boxName, timezone, registerName };
  const message =
    delivery.eventKind === 'test' || alert === null
      ? testMessage(delivery.channelName, now, context)
      : alertMessage(delivery.eventKind, alert, context);
  const payload: NotificationPayload = {
    event: delivery.eventKind,
    box_name: boxName,
    register: registerId === null ? null : { id: registerId, name: registerName },
    alert: alert === null ? null : alertPayload(alert),
    text: message.text,
    sent_at: now.toISOString(),
  };
  return { message, payload };
}

function alertPayload(alert: Alert): NonNullable<NotificationPayload['alert']> {
  return {
    id: alert.id,
    rule: alert.rule,
    subject: alert.subject,
    severity: alert.severity,
    message: alert.message,
    value: alert.value,
    state: alert.state,
    raised_at: alert.raisedAt,
    updated_at: alert.updatedAt,
    cleared_at: alert.clearedAt,
  };
}
