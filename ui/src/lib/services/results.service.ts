// Results going back to the source: its callback target (URL, write-only secret, mark in the billing)
// and the delivery queue of callbacks and billing marks, with «Повторить» for a failed one.
import { api } from '../api/client.ts';
import type {
  ResultDeliveryJson,
  ResultDeliveryListJson,
  ResultTargetJson,
  ResultTargetPutBody,
} from '../api/types.ts';

export function getResultTarget(sourceId: number): Promise<ResultTargetJson> {
  return api.get(`/sources/${sourceId}/result-target`);
}

export function putResultTarget(sourceId: number, body: ResultTargetPutBody): Promise<ResultTargetJson> {
  return api.put(`/sources/${sourceId}/result-target`, body);
}

export async function listResultDeliveries(filter: {
  state?: ResultDeliveryJson['state'] | undefined;
  payment_id?: number | undefined;
  limit?: number;
}): Promise<ResultDeliveryJson[]> {
  return (await api.get<ResultDeliveryListJson>('/result-deliveries', filter)).items;
}

/** Puts a failed delivery back in the queue; the list read afterwards shows its new state. */
export async function retryResultDelivery(id: number): Promise<void> {
  await api.post<unknown>(`/result-deliveries/${id}/retry`, {});
}
