// Billing pollers (registrar mode): pull new payments from a billing into a source, one per source,
// each with its durable cursor. «Опросить сейчас» runs one poll at once.
import { api } from '../api/client.ts';
import type {
  PollerCreateBody,
  PollerJson,
  PollerListJson,
  PollerPatchBody,
  PollerRunAnswerJson,
} from '../api/types.ts';

export async function listPollers(): Promise<PollerJson[]> {
  return (await api.get<PollerListJson>('/billing-pollers')).items;
}

export function createPoller(body: PollerCreateBody): Promise<PollerJson> {
  return api.post('/billing-pollers', body);
}

export function updatePoller(id: number, body: PollerPatchBody): Promise<PollerJson> {
  return api.patch(`/billing-pollers/${id}`, body);
}

export function deletePoller(id: number): Promise<void> {
  return api.delete(`/billing-pollers/${id}`);
}

export function runPoller(id: number): Promise<PollerRunAnswerJson> {
  return api.post(`/billing-pollers/${id}/run`, {});
}
