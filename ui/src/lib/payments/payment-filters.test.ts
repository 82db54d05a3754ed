import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
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
  it('passes whole days (the server counts them in the box zone)', () => {
    const result = toPaymentQuery({ ...EMPTY_FILTERS, from: '2026-11-01', to: '2026-11-30' });
    expect(result).toEqual({ ok: true, query: { from: '2026-11-01', to: '2026-11-30' } });
  });

  it('refuses a day that does not exist', () => {
    const result = toPaymentQuery({ ...EMPTY_FILTERS, from: '2026-02-30' });
    expect(result.ok ? '' : result.errors.from).toMatch(/ДД.ММ.ГГГГ/);
  });

  it('parses the amount as kopecks without floats and trims text fields', () => {
    const result = toPaymentQuery({ ...EMPTY_FILTERS, amount: '1 500,10', account: ' 100200 ' });
    expect(result).toEqual({ ok: true, query: { amount_kopecks: 150010, account: '100200' } });
  });

  it('reports bad fields instead of querying', () => {
    const result = toPaymentQuery({
      ...EMPTY_FILTERS,
      amount: '12,345',
      from: '2026-11-10',
      to: '2026-11-01',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.amount).toMatch(/двух знаков/);
      expect(result.errors.to).toMatch(/раньше начала/);
    }
  });
});
