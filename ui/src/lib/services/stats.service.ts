// Statistics for the charts (docs/api.md "Operations"): days are YYYY-MM-DD in the box zone.
import { api } from '../api/client.ts';
import type { FnFillJson, ReceiptsPerDayJson } from '../api/types.ts';

export type ReceiptsPerDayItem = ReceiptsPerDayJson['items'][number];
export type FnFillItem = FnFillJson['items'][number];

export async function receiptsPerDay(from: string, to: string): Promise<ReceiptsPerDayItem[]> {
  return (await api.get<ReceiptsPerDayJson>('/stats/receipts-per-day', { from, to })).items;
}

export async function fnFill(from: string, to: string, registerId?: number): Promise<FnFillItem[]> {
  return (await api.get<FnFillJson>('/stats/fn-fill', { from, to, register_id: registerId })).items;
}
