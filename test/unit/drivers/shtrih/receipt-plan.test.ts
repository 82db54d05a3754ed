import { describe, expect, it } from 'vitest';
import type { FiscalDocument } from '../../../../drivers/fiscal-registrar.ts';
import { itemSumKopecks, planReceipt } from '../../../../drivers/shtrih/receipt-plan.ts';

const ITEM = {
  name: 'Услуги связи',
  priceKopecks: 333,
  quantity: 1,
  vat: 'none',
  paymentMethod: 'full_payment',
  paymentObject: 'service',
} as const;

function doc(overrides: Partial<FiscalDocument>): FiscalDocument {
  return {
    operation: 'income',
    items: [ITEM],
    payments: { cashKopecks: 333, electronicKopecks: 0 },
    taxSystem: 'osn',
    electronicOnly: false,
    ...overrides,
  };
}

describe('itemSumKopecks', () => {
  it('multiplies in integers and rounds half up to the kopeck', () => {
    expect(itemSumKopecks(333, 1_000_000)).toBe(333);
    expect(itemSumKopecks(333, 1_500_000)).toBe(500); // 499.5 → 500
    expect(itemSumKopecks(10, 333_333)).toBe(3); // 3.33333
    // price × micro-units = 1.1e18, far beyond 2^53: exact only because the product is a BigInt.
    expect(itemSumKopecks(1_099_511_627_775, 1_000_001)).toBe(1_099_512_727_287);
  });
});

describe('planReceipt', () => {
  it('plans FF46 per item, FF0C per tag and FF45', () => {
    const plan = planReceipt(
      doc({
        items: [ITEM, { ...ITEM, quantity: 0.5 }],
        payments: { cashKopecks: 0, electronicKopecks: 500 },
        customerContact: 'a@b.ru',
        cashier: { name: 'Петров' },
      }),
      30,
    );
    expect(plan.totalKopecks).toBe(500); // 333 + 166.5 → 167
    expect(plan.steps.map((step) => step.label)).toEqual(['FF46', 'FF46', 'FF0C', 'FF0C']);
    expect(plan.close.label).toBe('FF45');
  });

  it('counts 1.1 × 10^6 exactly as 1100000 micro-units', () => {
    const plan = planReceipt(
      doc({
        items: [{ ...ITEM, priceKopecks: 1000, quantity: 1.1 }],
        payments: { cashKopecks: 1100, electronicKopecks: 0 },
      }),
      30,
    );
    expect(plan.steps[0]!.message.readUIntLE(7, 6)).toBe(1_100_000);
  });

  it.each([
    [{ items: [] }, /at least one item/],
    [{ items: [{ ...ITEM, priceKopecks: 1.5 }] }, /whole kopecks/],
    [{ items: [{ ...ITEM, quantity: 0 }] }, /not positive/],
    [{ items: [{ ...ITEM, name: '  ' }] }, /empty name/],
    [{ payments: { cashKopecks: 300, electronicKopecks: 0 } }, /≠ payments/],
    [{ payments: { cashKopecks: -1, electronicKopecks: 334 } }, /whole kopecks/],
    [{ electronicOnly: true }, /1008/],
  ])('refuses %o', (overrides, message) => {
    expect(() => planReceipt(doc(overrides as Partial<FiscalDocument>), 30)).toThrow(message);
  });
});
