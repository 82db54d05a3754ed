import { describe, expect, it } from 'vitest';
import { inQuietHours, quietHoursProblem, quietHoursText } from './quiet-hours.ts';

describe('quiet hours', () => {
  it('knows a window inside one day and one past midnight', () => {
    expect(inQuietHours('13:00', '14:00', '13:30')).toBe(true);
    expect(inQuietHours('13:00', '14:00', '14:00')).toBe(false);
    expect(inQuietHours('22:00', '08:00', '23:59')).toBe(true);
    expect(inQuietHours('22:00', '08:00', '07:59')).toBe(true);
    expect(inQuietHours('22:00', '08:00', '08:00')).toBe(false);
    expect(inQuietHours('22:00', '08:00', '12:00')).toBe(false);
    expect(inQuietHours('22:00', '22:00', '22:00')).toBe(false);
  });

  it('reads as a person says it', () => {
    expect(quietHoursText(null)).toBe('Без тихих часов');
    expect(quietHoursText({ from: '22:00', to: '08:00', critical_bypass: true })).toBe(
      'Тихие часы 22:00–08:00 (через полночь); критические — всегда',
    );
    expect(quietHoursText({ from: '13:00', to: '14:00', critical_bypass: false })).toBe(
      'Тихие часы 13:00–14:00; молчит всё',
    );
  });

  it('checks the form', () => {
    expect(quietHoursProblem('', '')).toBeNull();
    expect(quietHoursProblem('22:00', '')).toMatch(/и начало, и конец/);
    expect(quietHoursProblem('25:00', '08:00')).toMatch(/ЧЧ:ММ/);
    expect(quietHoursProblem('08:00', '08:00')).toMatch(/совпадают/);
    expect(quietHoursProblem('22:00', '08:00')).toBeNull();
  });
});
