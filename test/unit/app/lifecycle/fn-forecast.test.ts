import { describe, expect, it } from 'vitest';
import { fnForecast, REPLACE_MARGIN_DAYS } from '../../../../app/lifecycle/fn-forecast.ts';

const base = {
  today: '2026-11-22',
  receipts: 0,
  shiftDocuments: 0,
  windowDays: 30,
  freeDocuments: null,
  validUntil: null,
};

describe('the FN forecast', () => {
  it('dates the full archive from the 30-day rate of receipts and shift reports', () => {
    // 570 receipts + 60 shift reports in 30 days = 21 documents a day; 2 100 free = 100 days.
    const forecast = fnForecast({ ...base, receipts: 570, shiftDocuments: 60, freeDocuments: 2_100 });
    expect(forecast.receipts_per_day).toBe(19);
    expect(forecast.memory_full_on).toBe('2027-03-02');
    expect(forecast.replace_by).toBe('2027-02-27');
  });

  it('takes the earlier of memory full and validity end, minus the margin', () => {
    const byValidity = fnForecast({
      ...base,
      receipts: 300,
      freeDocuments: 100_000,
      validUntil: '2027-01-10',
    });
    expect(byValidity.valid_until).toBe('2027-01-10');
    expect(byValidity.replace_by).toBe('2027-01-07');
    expect(REPLACE_MARGIN_DAYS).toBe(3);

    const byMemory = fnForecast({ ...base, receipts: 300, freeDocuments: 50, validUntil: '2027-01-10' });
    expect(byMemory.memory_full_on).toBe('2026-11-27');
    expect(byMemory.replace_by).toBe('2026-11-24');
  });

  it('has no memory date without a rate, without a free count, or beyond ten years', () => {
    expect(fnForecast({ ...base, freeDocuments: 1_000, validUntil: '2029-11-22' })).toEqual({
      receipts_per_day: 0,
      memory_full_on: null,
      valid_until: '2029-11-22',
      replace_by: '2029-11-19',
    });
    expect(fnForecast({ ...base, receipts: 3_000 }).memory_full_on).toBeNull();
    expect(fnForecast({ ...base, receipts: 1, freeDocuments: 250_000 }).memory_full_on).toBeNull();
    expect(fnForecast(base).replace_by).toBeNull();
  });

  it('judges a young register on its own days and an FN already full as full today', () => {
    // 70 receipts in the 7 days since the register was added: 10 a day, not 2.3.
    const young = fnForecast({ ...base, receipts: 70, windowDays: 7, freeDocuments: 95 });
    expect(young.receipts_per_day).toBe(10);
    expect(young.memory_full_on).toBe('2026-12-01');
    expect(fnForecast({ ...base, receipts: 30, freeDocuments: 0 }).memory_full_on).toBe('2026-11-22');
  });

  it('ignores a validity date the device did not give as a day', () => {
    expect(fnForecast({ ...base, validUntil: 'unknown' }).valid_until).toBeNull();
  });
});
