// Payments: search and one by id (docs/api.md "Payments").
import { api } from '../api/client.ts';
import type { PaymentJson, PaymentListJson } from '../api/types.ts';
import type { PaymentQuery } from '../payments/payment-filters.ts';

export const PAGE_SIZE = 50;

export interface PaymentPage {
  items: PaymentJson[];
  /** Every match, when the server counts them. */
  total: number | undefined;
  /** Opaque position of the next page; null on the last one. */
  next: string | null;
}

/**
 * One page of a search, newest first. `cursor` is whatever `next` said (opaque to pages, so the
 * server's paging scheme stays in this function).
 */
export async function searchPayments(
  query: PaymentQuery,
  cursor: string | null = null,
): Promise<PaymentPage> {
  const offset = cursor === null ? 0 : Number(cursor);
  const answer = await api.get<PaymentListJson>('/payments', { ...query, limit: PAGE_SIZE, offset });
  const seen = offset + answer.items.length;
  return {
    items: answer.items,
    total: answer.total,
    next: answer.items.length === PAGE_SIZE && seen < answer.total ? String(seen) : null,
  };
}

export function getPayment(id: number, signal?: AbortSignal): Promise<PaymentJson> {
  return api.get(`/payments/${id}`, undefined, signal ? { signal } : {});
}
