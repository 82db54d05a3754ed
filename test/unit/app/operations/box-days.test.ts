import { describe, expect, it } from 'vitest';
import {
  dayRange,
  dayRanges,
  daysBetween,
  instantOfBound,
  isCalendarDay,
  localDay,
} from '../../../../app/operations/box-days.ts';

describe('days in the box time zone', () => {
  it('puts an instant on its local calendar day, not its UTC one', () => {
    // 22:30 UTC is already 01:30 the next day in Moscow (UTC+3).
    expect(localDay(new Date('2026-11-22T22:30:00Z'), 'Europe/Moscow')).toBe('2026-11-23');
    expect(localDay(new Date('2026-11-22T22:30:00Z'), 'UTC')).toBe('2026-11-22');
  });

  it('bounds a Moscow day by its local midnights in UTC', () => {
    expect(dayRange('2026-11-23', 'Europe/Moscow')).toEqual({
      day: '2026-11-23',
      start: '2026-11-22T21:00:00.000Z',
      end: '2026-11-23T21:00:00.000Z',
    });
  });

  it('gives a day with a DST change its true length (23 hours in Berlin in spring)', () => {
    const { start, end } = dayRange('2026-03-29', 'Europe/Berlin');
    expect(start).toBe('2026-03-28T23:00:00.000Z');
    expect(end).toBe('2026-03-29T22:00:00.000Z');
  });

  it('lists every day of a range, both ends included, across a month end', () => {
    expect(dayRanges('2026-01-30', '2026-02-02', 'UTC').map((d) => d.day)).toEqual([
      '2026-01-30',
      '2026-01-31',
      '2026-02-01',
      '2026-02-02',
    ]);
    expect(daysBetween('2026-01-30', '2026-02-02')).toBe(3);
    expect(daysBetween('2026-02-02', '2026-01-30')).toBe(-3);
  });

  it('accepts only days that exist', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('26-01-01')).toBe(false);
  });

  it('reads a search bound as a whole local day or as an instant with a zone', () => {
    expect(instantOfBound('2026-11-23', 'from', 'Europe/Moscow')).toBe('2026-11-22T21:00:00.000Z');
    expect(instantOfBound('2026-11-23', 'to', 'Europe/Moscow')).toBe('2026-11-23T21:00:00.000Z');
    expect(instantOfBound('2026-11-23T10:00:00+03:00', 'from', 'UTC')).toBe('2026-11-23T07:00:00.000Z');
    expect(instantOfBound('2026-11-23T10:00:00', 'from', 'UTC')).toBeUndefined();
    expect(instantOfBound('2026-02-30', 'to', 'UTC')).toBeUndefined();
  });
});
