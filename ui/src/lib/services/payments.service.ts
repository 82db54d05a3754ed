// Payments: search and one by id (docs/api.md "Payments").
import { api } from '../api/client.ts';
import type { PaymentJson, PaymentListJson } from '../api/types.ts';
import type { PaymentQuery } from '../payments/payment-filters.ts';

export const PAGE_SIZE = 50;

export interface PaymentPage {
  items: PaymentJson[];
  /** Every match, on every page. */
  total: number;
  /** The server's cursor of the next (older) page; null on the last one. */
  next: string | null;
}

/** One page of a search, newest first; `cursor` is the `next` of the page before. */
export async function searchPayments(
  query: PaymentQuery,
  cursor: string | null = null,
): Promise<PaymentPage> {
  const answer = await api.get<PaymentListJson>('/payments', { ...query, limit: PAGE_SIZE, cursor });
  return { items: answer.items, total: answer.total, next: answer.next_cursor };
}

export function getPayment(id: number, signal?: AbortSignal): Promise<PaymentJson> {
  return api.get(`/payments/${id}`, undefined, signal ? { signal } : {});
}
