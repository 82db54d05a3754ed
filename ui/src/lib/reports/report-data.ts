// API statistics → chart data: one bar series per register over every day of the period (days without
// receipts are zeros, not gaps), one FN-fill line per register, and the period's figures.
import type { BarSeries, LineSeries } from '../charts/types.ts';
import type { FnFillItem, ReceiptsPerDayItem } from '../services/stats.service.ts';

export interface NamedRegister {
  id: number;
  name: string;
}

/** The last `count` days up to and including `today` (YYYY-MM-DD, calendar arithmetic only). */
export function periodDays(today: string, count: number): { from: string; to: string } {
  const end = Date.parse(`${today}T00:00:00Z`);
  const start = new Date(end - (count - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from: start, to: today };
}

function registerName(id: number, registers: readonly NamedRegister[]): string {
  return registers.find((r) => r.id === id)?.name ?? `Касса № ${id}`;
}

/** Registers that appear in the data, in the order of the register list (then unknown ones by id). */
function registersIn(ids: Iterable<number>, registers: readonly NamedRegister[]): number[] {
  const present = new Set(ids);
  const known = registers.map((r) => r.id).filter((id) => present.has(id));
  const unknown = [...present].filter((id) => !known.includes(id)).sort((a, b) => a - b);
  return [...known, ...unknown];
}

export function receiptsSeries(
  items: readonly ReceiptsPerDayItem[],
  days: readonly string[],
  registers: readonly NamedRegister[],
  measure: 'count' | 'sum_kopecks',
): BarSeries[] {
  const index = new Map(days.map((day, i) => [day, i]));
  return registersIn(
    items.map((item) => item.register_id),
    registers,
  ).map((id) => {
    const values = days.map(() => 0);
    for (const item of items) {
      const i = index.get(item.day);
      if (item.register_id === id && i !== undefined) values[i] = (values[i] ?? 0) + item[measure];
    }
    return { name: registerName(id, registers), values };
  });
}

export function fnFillSeries(
  items: readonly FnFillItem[],
  registers: readonly NamedRegister[],
): LineSeries[] {
  return registersIn(
    items.map((item) => item.register_id),
    registers,
  ).map((id) => ({
    name: registerName(id, registers),
    points: items
      .filter((item) => item.register_id === id && item.fill_percent !== null)
      .map((item) => ({ x: Date.parse(item.at), y: item.fill_percent as number }))
      .sort((a, b) => a.x - b.x),
  }));
}

export interface PeriodFigures {
  count: number;
  sumKopecks: number;
  /** The day with the most receipts, or null without any. */
  busiestDay: { day: string; count: number } | null;
}

export function periodFigures(items: readonly ReceiptsPerDayItem[]): PeriodFigures {
  const perDay = new Map<string, number>();
  let count = 0;
  let sumKopecks = 0;
  for (const item of items) {
    count += item.count;
    sumKopecks += item.sum_kopecks;
    perDay.set(item.day, (perDay.get(item.day) ?? 0) + item.count);
  }
  let busiestDay: PeriodFigures['busiestDay'] = null;
  for (const [day, n] of perDay)
    if (n > 0 && (!busiestDay || n > busiestDay.count)) busiestDay = { day, count: n };
  return { count, sumKopecks, busiestDay };
}
