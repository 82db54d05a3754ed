import { describe, expect, it } from 'vitest';
import {
  amountFromSql,
  amountToSql,
  kopecksToRubles,
  timeFromSql,
  timeToSql,
} from '../../../../drivers/billing/sql-billing-values.ts';

describe('money between kopecks and billing columns', () => {
  it('writes rubles as exact decimal strings', () => {
    expect(kopecksToRubles(15050)).toBe('150.50');
    expect(kopecksToRubles(7)).toBe('0.07');
    expect(kopecksToRubles(-5)).toBe('-0.05');
    expect(kopecksToRubles(99_999_999_999_99)).toBe('99999999999.99');
    expect(amountToSql(15050, 'kopecks')).toBe(15050);
  });

  it('reads DECIMAL strings and DOUBLE numbers of rubles without float arithmetic', () => {
    expect(amountFromSql('150.50', 'rubles')).toBe(15050);
    expect(amountFromSql('0.1', 'rubles')).toBe(10);
    expect(amountFromSql('-12.3400', 'rubles')).toBe(-1234);
    expect(amountFromSql(150.5, 'rubles')).toBe(15050);
    // 0.1 + 0.2 in a DOUBLE column is 0.30000000000000004: two decimals are what DOUBLE(10,2) means.
    expect(amountFromSql(0.1 + 0.2, 'rubles')).toBe(30);
    expect(amountFromSql('19.99', 'rubles')).toBe(1999);
    expect(amountFromSql('1999', 'kopecks')).toBe(1999);
    expect(amountFromSql(1999, 'kopecks')).toBe(1999);
  });

  it('refuses fractions of a kopeck and non-numbers', () => {
    expect(() => amountFromSql('1.005', 'rubles')).toThrow('has a fraction of a kopeck');
    expect(() => amountFromSql('10.5', 'kopecks')).toThrow('has a fraction of a kopeck');
    expect(() => amountFromSql('abc', 'rubles')).toThrow('not an amount');
    expect(() => amountFromSql(null, 'rubles')).toThrow('not an amount');
  });
});

describe('time between instants and billing columns', () => {
  it("writes the billing's local time", () => {
    expect(timeToSql(new Date('2026-11-22T21:30:05.000Z'), '+03:00')).toBe('2026-11-23 00:30:05');
    expect(timeToSql(new Date('2026-11-22T21:30:05.000Z'), '-05:30')).toBe('2026-11-22 16:00:05');
  });

  it('reads local text in the zone, text with its own zone, unix seconds and Dates', () => {
    expect(timeFromSql('2026-11-23 00:30:05', '+03:00')).toBe('2026-11-22T21:30:05.000Z');
    expect(timeFromSql('2026-11-23 00:30:05.25+03', '+00:00')).toBe('2026-11-22T21:30:05.250Z');
    expect(timeFromSql('2026-11-23T00:30:05Z', '+03:00')).toBe('2026-11-23T00:30:05.000Z');
    expect(timeFromSql('2026-11-23', '+03:00')).toBe('2026-11-22T21:00:00.000Z');
    expect(timeFromSql(1_795_000_000, '+03:00')).toBe(new Date(1_795_000_000_000).toISOString());
    expect(timeFromSql('1795000000', '+03:00')).toBe(new Date(1_795_000_000_000).toISOString());
    expect(() => timeFromSql('yesterday', '+03:00')).toThrow('not a time');
  });
});
