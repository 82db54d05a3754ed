import { describe, expect, it } from 'vitest';
import type { FiscalDocument, FiscalItem } from '../../../../drivers/fiscal-registrar.ts';
import { planCorrection } from '../../../../drivers/shtrih/correction-plan.ts';
import { toHex } from './hex.ts';

const ITEM: FiscalItem = {
  name: 'Услуги связи',
  priceKopecks: 12_000,
  quantity: 1,
  vat: 'vat20',
  paymentMethod: 'full_payment',
  paymentObject: 'service',
};

function correction(overrides: Partial<FiscalDocument> = {}): FiscalDocument {
  return {
    operation: 'income',
    items: [ITEM],
    payments: { cashKopecks: 2_000, electronicKopecks: 10_000 },
    taxSystem: 'usn_income',
    electronicOnly: false,
    correction: { type: 'self', baseDate: '2026-11-20', baseNumber: '' },
    ...overrides,
  };
}

/** The 12 sums of an FF4Ah message, in the spec's order. */
function sums(message: Buffer): number[] {
  return Array.from({ length: 12 }, (_, index) => message.readUIntLE(8 + index * 5, 5));
}

describe('planCorrection', () => {
  it('plans FF35, FF0C 1174, FF0C per tag and FF4A', () => {
    const plan = planCorrection(
      correction({ customerContact: '+79001234567', cashier: { name: 'Петров', inn: '500100732259' } }),
      30,
    );
    expect(plan.documentType).toBe('correction');
    expect(plan.totalKopecks).toBe(12_000);
    expect(plan.steps.map((step) => step.label)).toEqual(['FF35', 'FF0C', 'FF0C', 'FF0C', 'FF0C']);
    expect(toHex(plan.steps[1]!.message.subarray(6, 8))).toBe('96 04'); // 1174 first
    expect(plan.close.label).toBe('FF4A');
  });

  it('sends the type, the operation, the payments, the VAT sums and the tax system', () => {
    const message = planCorrection(correction(), 30).close.message;
    expect(message[6]).toBe(0); // самостоятельно
    expect(message[7]).toBe(1); // приход
    // total, cash, electronic, prepaid, postpaid, counter, 20 %, 10 %, 0 %, без НДС, 20/120, 10/110
    expect(sums(message)).toEqual([12_000, 2_000, 10_000, 0, 0, 0, 2_000, 0, 0, 0, 0, 0]);
    expect(message[68]).toBe(0x02); // УСН доход
  });

  it('sums each rate over its lines and rounds the tax half up once per rate', () => {
    const plan = planCorrection(
      correction({
        operation: 'expense',
        correction: { type: 'instruction', baseDate: '2026-01-15', baseNumber: '17-05/123' },
        items: [
          { ...ITEM, priceKopecks: 100, vat: 'vat20' },
          { ...ITEM, priceKopecks: 101, vat: 'vat20' }, // 201 × 20/120 = 33.5 → 34
          { ...ITEM, priceKopecks: 1_111, vat: 'vat10' }, // 101
          { ...ITEM, priceKopecks: 500, vat: 'vat0' },
          { ...ITEM, priceKopecks: 700, vat: 'none' },
          { ...ITEM, priceKopecks: 600, vat: 'vat120' }, // 100
          { ...ITEM, priceKopecks: 220, vat: 'vat110' }, // 20
        ],
        payments: { cashKopecks: 3_332, electronicKopecks: 0 },
      }),
      30,
    );
    const message = plan.close.message;
    expect(message[6]).toBe(1); // по предписанию
    expect(message[7]).toBe(3); // расход
    expect(sums(message)).toEqual([3_332, 3_332, 0, 0, 0, 0, 34, 101, 500, 700, 100, 20]);
  });

  it('refuses what a correction receipt cannot carry, before anything is sent', () => {
    const refusal = (doc: FiscalDocument) => {
      try {
        planCorrection(doc, 30);
      } catch (error) {
        return error as { code: string; outcomeKnown: boolean; message: string };
      }
      throw new Error('planned');
    };
    expect(refusal(correction({ operation: 'income_return' }))).toMatchObject({
      code: 'invalid_document',
      outcomeKnown: true,
      message: expect.stringMatching(/table 28/),
    });
    expect(refusal(correction({ items: [{ ...ITEM, vat: 'vat5' }] })).message).toMatch(/vat5/);
    expect(
      refusal(correction({ correction: { type: 'instruction', baseDate: '2026-01-15', baseNumber: ' ' } }))
        .message,
    ).toMatch(/1179/);
    expect(
      refusal(correction({ correction: { type: 'self', baseDate: '15.01.2026', baseNumber: '' } })).message,
    ).toMatch(/1178/);
    expect(
      refusal(
        correction({ correction: { type: 'self', baseDate: '2026-01-15', baseNumber: 'x'.repeat(33) } }),
      ).message,
    ).toMatch(/32 characters/);
    expect(refusal(correction({ payments: { cashKopecks: 1, electronicKopecks: 0 } })).message).toMatch(
      /≠ payments/,
    );
    expect(refusal(correction({ electronicOnly: true })).message).toMatch(/1008/);
  });
});
