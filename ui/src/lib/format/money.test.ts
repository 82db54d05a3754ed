import { describe, expect, it } from 'vitest';
import { formatKopecks, formatKopecksPlain, MAX_KOPECKS, parseRoubles } from './money.ts';

const NBSP = '\u00a0';

describe('formatKopecks', () => {
  it('groups thousands with a non-breaking space and uses a decimal comma', () => {
    expect(formatKopecks(123456)).toBe(`1${NBSP}234,56${NBSP}₽`);
    expect(formatKopecksPlain(100_000_000)).toBe(`1${NBSP}000${NBSP}000,00`);
  });

  it('pads small amounts to roubles and two kopeck digits', () => {
    expect(formatKopecksPlain(0)).toBe('0,00');
    expect(formatKopecksPlain(5)).toBe('0,05');
    expect(formatKopecksPlain(50)).toBe('0,50');
    expect(formatKopecksPlain(100)).toBe('1,00');
  });

  it('keeps the sign and refuses fractions of a kopeck', () => {
    expect(formatKopecksPlain(-123456)).toBe(`-1${NBSP}234,56`);
    expect(() => formatKopecks(1.5)).toThrow(RangeError);
  });

  it('formats the largest accepted amount exactly', () => {
    expect(formatKopecksPlain(MAX_KOPECKS)).toBe(`9${NBSP}999${NBSP}999${NBSP}999,99`);
  });
});

describe('parseRoubles', () => {
  const kopecks = (input: string) => {
    const parsed = parseRoubles(input);
    return parsed.ok ? parsed.kopecks : parsed.message;
  };

  it('reads a comma or a dot as the decimal mark', () => {
    expect(kopecks('1234,56')).toBe(123456);
    expect(kopecks('1234.56')).toBe(123456);
    expect(kopecks('1234,5')).toBe(123450);
    expect(kopecks('1234,')).toBe(123400);
    expect(kopecks('1234')).toBe(123400);
  });

  it('has no float rounding error (0,29 and 1,15 stay exact)', () => {
    // 0.29 * 100 = 28.999999999999996 and 1.15 * 100 = 114.99999999999999 in binary floats.
    expect(kopecks('0,29')).toBe(29);
    expect(kopecks('1.15')).toBe(115);
    expect(kopecks('4,35')).toBe(435);
  });

  it('ignores grouping spaces, leading zeros and a trailing rouble sign', () => {
    expect(kopecks('1 234,56')).toBe(123456);
    expect(kopecks(`1${NBSP}234,56${NBSP}₽`)).toBe(123456);
    expect(kopecks(' 007,10 ')).toBe(710);
    expect(kopecks('15 руб.')).toBe(1500);
  });

  it('refuses what is not an amount', () => {
    expect(kopecks('')).toBe('Введите сумму');
    expect(kopecks('12,345')).toBe('Не больше двух знаков после запятой');
    expect(kopecks('-5')).toBe('Сумма должна быть больше нуля');
    expect(kopecks('0,00')).toBe('Сумма должна быть больше нуля');
    expect(kopecks('1e3')).toBe('Сумма — число, например 1234,56');
    expect(kopecks('12,3,4')).toBe('Сумма — число, например 1234,56');
    expect(kopecks('abc')).toBe('Сумма — число, например 1234,56');
  });

  it('refuses amounts above the API maximum', () => {
    expect(kopecks('9999999999,99')).toBe(MAX_KOPECKS);
    expect(kopecks('10000000000')).toBe('Слишком большая сумма');
    expect(kopecks('99999999999999999999')).toBe('Слишком большая сумма');
  });
});
