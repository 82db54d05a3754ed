import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  nextDay,
  toPaymentQuery,
} from './payment-filters.ts';

describe('payment filters in the address bar', () => {
  it('round-trips every filter and leaves empty ones out', () => {
    const form = { ...EMPTY_FILTERS, account: '100200', status: 'failed' as const, from: '2026-11-01' };
    const search = filtersToSearch(form);
    expect(search.toString()).toBe('account=100200&status=failed&from=2026-11-01');
    expect(filtersFromSearch(search)).toEqual(form);
  });

  it('ignores an unknown status from a hand-edited link', () => {
    expect(filtersFromSearch(new URLSearchParams('status=paid')).status).toBe('');
  });

  it('knows whether anything is filtered', () => {
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, amount: ' 5 ' })).toBe(true);
  });
});

describe('toPaymentQuery', () => {
  it('turns days in the box zone into the instants of its midnights, the end exclusive', () => {
    const result = toPaymentQuery(
      { ...EMPTY_FILTERS, from: '2026-11-01', to: '2026-11-30' },
      'Europe/Moscow',
    );
    expect(result).toEqual({
      ok: true,
      query: { paid_from: '2026-10-31T21:00:00.000Z', paid_to: '2026-11-30T21:00:00.000Z' },
    });
  });

  it('parses the amount as kopecks without floats and trims text fields', () => {
    const result = toPaymentQuery(
      { ...EMPTY_FILTERS, amount: '1 500,10', account: ' 100200 ' },
      'Europe/Moscow',
    );
    expect(result).toEqual({ ok: true, query: { amount_kopecks: 150010, account: '100200' } });
  });

  it('reports bad fields instead of querying', () => {
    const result = toPaymentQuery(
      { ...EMPTY_FILTERS, amount: '12,345', from: '2026-11-10', to: '2026-11-01' },
      'Europe/Moscow',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.amount).toMatch(/двух знаков/);
      expect(result.errors.to).toMatch(/раньше начала/);
    }
  });

  it('steps to the next day across month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});
