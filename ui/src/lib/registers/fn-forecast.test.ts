import { describe, expect, it } from 'vitest';
import { daysBetween, forecastView, formatRate } from './fn-forecast.ts';

describe('FN forecast view', () => {
  it('counts calendar days', () => {
    expect(daysBetween('2026-11-23', '2026-11-24')).toBe(1);
    expect(daysBetween('2026-11-23', '2027-11-23')).toBe(365);
    expect(daysBetween('2026-11-23', '2026-11-20')).toBe(-3);
  });

  it('says when the memory fills before the FN expires', () => {
    const view = forecastView(
      {
        receipts_per_day: 412.4,
        memory_full_on: '2027-01-10',
        valid_until: '2027-06-01',
        replace_by: '2027-01-10',
      },
      '2026-11-23',
    );
    expect(view.headline).toBe('Заменить ФН до 10.01.2027 — через 48 дн. (раньше заполнится память)');
    expect(view.tone).toBe('ok');
    expect(view.details).toEqual([
      'В среднем 412 чеков в день за последние 30 дней',
      'Память ФН заполнится ≈ 10.01.2027',
      'Срок действия ФН — до 01.06.2027',
    ]);
  });

  it('warns within 30 days and alarms within 3, or when overdue', () => {
    const base = { receipts_per_day: 2.25, memory_full_on: null, valid_until: '2026-12-10' };
    expect(forecastView({ ...base, replace_by: '2026-12-10' }, '2026-11-23').tone).toBe('warn');
    expect(forecastView({ ...base, replace_by: '2026-11-25' }, '2026-11-23').tone).toBe('danger');
    const overdue = forecastView({ ...base, replace_by: '2026-11-20' }, '2026-11-23');
    expect(overdue.headline).toBe('Заменить ФН до 20.11.2026 — просрочено на 3 дн.');
    expect(formatRate(2.25)).toBe('2,3');
  });

  it('has no date without data', () => {
    const view = forecastView(
      { receipts_per_day: 0, memory_full_on: null, valid_until: null, replace_by: null },
      '2026-11-23',
    );
    expect(view.tone).toBe('neutral');
    expect(view.headline).toBe('Срок замены ФН пока неизвестен');
    expect(view.details[0]).toMatch(/чеков не было/);
  });
});
