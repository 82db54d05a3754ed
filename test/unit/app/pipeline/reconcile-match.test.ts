// matchesJob: which FN document settles a job whose outcome was unknown. A sale is settled by a receipt,
// a correction job by a correction receipt (issue 5) — never one by the other, even with the same sum.
import { describe, expect, it } from 'vitest';
import { matchesJob } from '../../../../app/pipeline/reconcile.ts';
import type { FiscalDocument, FiscalResult } from '../../../../drivers/fiscal-registrar.ts';

const SALE: FiscalDocument = {
  operation: 'income',
  items: [
    {
      name: 'Услуги связи',
      priceKopecks: 10_000,
      quantity: 1,
      vat: 'none',
      paymentMethod: 'full_payment',
      paymentObject: 'service',
    },
  ],
  payments: { cashKopecks: 0, electronicKopecks: 10_000 },
  taxSystem: 'usn_income',
  electronicOnly: false,
};
const CORRECTION: FiscalDocument = {
  ...SALE,
  correction: { type: 'self', baseDate: '2026-11-01', baseNumber: '' },
};

function inFn(documentType: FiscalResult['documentType'], extra: Partial<FiscalResult> = {}): FiscalResult {
  return {
    fnNumber: '9999078900012345',
    fdNumber: 7,
    fiscalSign: '123',
    deviceTime: '2026-11-22T12:00',
    documentType,
    operation: 'income',
    totalKopecks: 10_000,
    ...extra,
  };
}

describe('matchesJob', () => {
  it('settles a sale by a receipt and a correction job by a correction receipt only', () => {
    expect(matchesJob(inFn('receipt'), SALE, null)).toBe(true);
    expect(matchesJob(inFn('correction'), SALE, null)).toBe(false);
    expect(matchesJob(inFn('correction'), CORRECTION, null)).toBe(true);
    expect(matchesJob(inFn('receipt'), CORRECTION, null)).toBe(false);
  });

  it('still compares the operation, the total and the time for a correction', () => {
    expect(matchesJob(inFn('correction', { operation: 'expense' }), CORRECTION, null)).toBe(false);
    expect(matchesJob(inFn('correction', { totalKopecks: 9_999 }), CORRECTION, null)).toBe(false);
    expect(matchesJob(inFn('correction'), CORRECTION, '2026-11-22T12:01:00')).toBe(false);
    expect(matchesJob(inFn('correction'), CORRECTION, '2026-11-22T12:00:30')).toBe(true);
  });
});
