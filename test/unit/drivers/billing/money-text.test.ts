import { describe, expect, it } from 'vitest';
import { kopecksToText, parseMoneyText } from '../../../../drivers/billing/money-text.ts';

describe('money text', () => {
  it('writes kopecks as rubles with two decimals', () => {
    expect(kopecksToText(12_345)).toBe('123.45');
    expect(kopecksToText(5)).toBe('0.05');
    expect(kopecksToText(100)).toBe('1.00');
    expect(kopecksToText(-1_050)).toBe('-10.50');
    expect(kopecksToText(0)).toBe('0.00');
    expect(() => kopecksToText(1.5)).toThrow(RangeError);
  });

  it('reads rubles exactly, refusing what would need rounding or is not a number', () => {
    expect(parseMoneyText('123.45')).toBe(12_345);
    expect(parseMoneyText('150.5')).toBe(15_050);
    expect(parseMoneyText('7')).toBe(700);
    expect(parseMoneyText('150.500000')).toBe(15_050);
    expect(parseMoneyText('-10.00')).toBe(-1_000);
    expect(parseMoneyText(' 0.10 ')).toBe(10);
    expect(parseMoneyText('-0')).toBe(0);
    for (const bad of ['1.005', '1,50', '1e3', '', '.5', '5.', '12 345.00', 'NaN', '0x10', '+1']) {
      expect(parseMoneyText(bad), bad).toBeUndefined();
    }
  });

  it('round-trips every small amount', () => {
    for (let kopecks = -300; kopecks <= 30_000; kopecks += 7) {
      expect(parseMoneyText(kopecksToText(kopecks))).toBe(kopecks);
    }
  });
});
