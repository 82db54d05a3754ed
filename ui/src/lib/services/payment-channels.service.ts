// Payment channels (translator mode): an OSMP/QIWI or Sberbank №1 endpoint at /channel/<slug>, and the
// transactions it received (docs/api.md "Integrations"). Basic password and secret are write-only.
import { api } from '../api/client.ts';
import type {
  ChannelCreateBody,
  ChannelJson,
  ChannelListJson,
  ChannelPatchBody,
  ChannelTxnJson,
  ChannelTxnListJson,
} from '../api/types.ts';

export async function listPaymentChannels(): Promise<ChannelJson[]> {
  return (await api.get<ChannelListJson>('/channels')).items;
}

export function getPaymentChannel(id: number): Promise<ChannelJson> {
  return api.get(`/channels/${id}`);
}

export function createPaymentChannel(body: ChannelCreateBody): Promise<ChannelJson> {
  return api.post('/channels', body);
}

export function updatePaymentChannel(id: number, body: ChannelPatchBody): Promise<ChannelJson> {
  return api.patch(`/channels/${id}`, body);
}

export function deletePaymentChannel(id: number): Promise<void> {
  return api.delete(`/channels/${id}`);
}

/** Newest first; `before_id` pages back from the oldest row shown. */
export async function listChannelTransactions(
  id: number,
  page: { limit?: number; before_id?: number } = {},
): Promise<ChannelTxnJson[]> {
  return (await api.get<ChannelTxnListJson>(`/channels/${id}/transactions`, page)).items;
}

/** Posts a taken payment the billing refused to the billing again (after it was fixed there). */
export function retryChannelTransaction(id: number, txnId: number): Promise<ChannelTxnJson> {
  return api.post(`/channels/${id}/transactions/${txnId}/retry`, {});
}
