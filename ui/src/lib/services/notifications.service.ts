// Notification channels with their routes and quiet hours, «Отправить тест», and the delivery log
// (docs/api.md "Notifications"). Secrets in a channel's config come back as «***»; sending «***» or
// leaving a secret out keeps the stored one.
import { api } from '../api/client.ts';
import type {
  NotificationChannelCreateJson,
  NotificationChannelJson,
  NotificationChannelPatchJson,
  NotificationJson,
  NotificationListJson,
  NotificationTestResultJson,
} from '../api/types.ts';

export async function listChannels(): Promise<NotificationChannelJson[]> {
  return (await api.get<{ items: NotificationChannelJson[] }>('/notification-channels')).items;
}

export function createChannel(body: NotificationChannelCreateJson): Promise<NotificationChannelJson> {
  return api.post('/notification-channels', body);
}

export function updateChannel(
  id: number,
  body: NotificationChannelPatchJson,
): Promise<NotificationChannelJson> {
  return api.patch(`/notification-channels/${id}`, body);
}

export function deleteChannel(id: number): Promise<void> {
  return api.delete(`/notification-channels/${id}`);
}

/** Sends a test message now; the answer says whether it went (and why not) with its delivery row. */
export function testChannel(id: number): Promise<NotificationTestResultJson> {
  return api.post(`/notification-channels/${id}/test`, {});
}

export function listDeliveries(filter: {
  state?: NotificationJson['state'];
  channel_id?: number;
  limit?: number;
  before_id?: number;
}): Promise<NotificationListJson> {
  return api.get('/notifications', filter);
}
