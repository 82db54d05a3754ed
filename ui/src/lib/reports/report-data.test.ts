import { describe, expect, it } from 'vitest';
import type { FnFillItem, ReceiptsPerDayItem } from '../services/stats.service.ts';
import { fnFillSeries, periodDays, periodFigures, receiptsSeries } from './report-data.ts';

const registers = [
  { id: 2, name: 'Касса офис' },
  { id: 1, name: 'Касса склад' },
];
const day = (
  d: string,
  register_id: number,
  count: number,
  sum_kopecks = count * 1000,
): ReceiptsPerDayItem => ({
  day: d,
  register_id,
  count,
  sum_kopecks,
});

describe('periodDays', () => {
  it('counts back whole days including today, across a month end', () => {
    expect(periodDays('2026-12-02', 7)).toEqual({ from: '2026-11-26', to: '2026-12-02' });
    expect(periodDays('2026-12-02', 1)).toEqual({ from: '2026-12-02', to: '2026-12-02' });
  });
});

describe('receiptsSeries', () => {
  const days = ['2026-11-20', '2026-11-21', '2026-11-22'];
  const items = [
    day('2026-11-20', 1, 3),
    day('2026-11-22', 1, 1),
    day('2026-11-22', 2, 5),
    day('2026-11-22', 9, 2),
  ];

  it('gives each register a value for every day, zeros where it had none, in register-list order', () => {
    expect(receiptsSeries(items, days, registers, 'count')).toEqual([
      { name: 'Касса офис', values: [0, 0, 5] },
      { name: 'Касса склад', values: [3, 0, 1] },
      { name: 'Касса № 9', values: [0, 0, 2] },
    ]);
  });

  it('sums kopecks when asked for the amount', () => {
    expect(receiptsSeries(items, days, registers, 'sum_kopecks')[1]?.values).toEqual([3000, 0, 1000]);
  });

  it('has no series without data', () => {
    expect(receiptsSeries([], days, registers, 'count')).toEqual([]);
  });
});

describe('fnFillSeries', () => {
  const sample = (register_id: number, at: string, fill: number | null): FnFillItem => ({
    register_id,
    at,
    fn_number: '9999',
    fill_percent: fill,
    free_documents: null,
    last_fd_number: 1,
  });

  it('makes one time-sorted line per register and leaves out samples without a fill', () => {
    const series = fnFillSeries(
      [
        sample(1, '2026-11-22T10:00:00Z', 2.5),
        sample(1, '2026-11-21T10:00:00Z', 2.4),
        sample(2, '2026-11-21T10:00:00Z', null),
        sample(2, '2026-11-22T10:00:00Z', 40),
      ],
      registers,
    );
    expect(series).toEqual([
      { name: 'Касса офис', points: [{ x: Date.parse('2026-11-22T10:00:00Z'), y: 40 }] },
      {
        name: 'Касса склад',
        points: [
          { x: Date.parse('2026-11-21T10:00:00Z'), y: 2.4 },
          { x: Date.parse('2026-11-22T10:00:00Z'), y: 2.5 },
        ],
      },
    ]);
  });
});

describe('periodFigures', () => {
  it('totals the period and finds the busiest day across registers', () => {
    expect(
      periodFigures([day('2026-11-20', 1, 3, 450000), day('2026-11-22', 1, 2), day('2026-11-22', 2, 2)]),
    ).toEqual({
      count: 7,
      sumKopecks: 454000,
      busiestDay: { day: '2026-11-22', count: 4 },
    });
    expect(periodFigures([])).toEqual({ count: 0, sumKopecks: 0, busiestDay: null });
  });
});
