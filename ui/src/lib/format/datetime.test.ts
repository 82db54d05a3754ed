import { describe, expect, it } from 'vitest';
import {
  ageMs,
  DAY_MS,
  dayIn,
  formatAge,
  formatDateTime,
  formatDateTimeSeconds,
  formatDay,
  formatDuration,
  localToInstant,
} from './datetime.ts';

describe('instants in the box time zone', () => {
  it('shows a UTC instant on the box wall clock, whatever the browser zone', () => {
    expect(formatDateTime('2026-11-22T21:48:00.000Z', 'Europe/Moscow')).toBe('23.11.2026 00:48');
    expect(formatDateTime('2026-11-22T21:48:00.000Z', 'Asia/Yekaterinburg')).toBe('23.11.2026 02:48');
    expect(formatDateTime('2026-11-22T21:48:00.000Z', 'UTC')).toBe('22.11.2026 21:48');
    expect(formatDateTimeSeconds('2026-11-22T21:48:07.000Z', 'UTC')).toBe('22.11.2026 21:48:07');
  });

  it('names the calendar day of an instant in the zone', () => {
    expect(dayIn(new Date('2026-11-22T21:30:00Z'), 'Europe/Moscow')).toBe('2026-11-23');
    expect(dayIn(new Date('2026-11-22T21:30:00Z'), 'UTC')).toBe('2026-11-22');
  });

  it('writes a calendar day the Russian way', () => {
    expect(formatDay('2029-11-22')).toBe('22.11.2029');
  });
});

describe('localToInstant', () => {
  it('turns a device wall-clock time back into UTC', () => {
    expect(localToInstant('2026-11-23T00:48', 'Europe/Moscow')?.toISOString()).toBe(
      '2026-11-22T21:48:00.000Z',
    );
    expect(localToInstant('2026-11-23T00:48:14', 'Asia/Yekaterinburg')?.toISOString()).toBe(
      '2026-11-22T19:48:14.000Z',
    );
  });

  it('follows daylight saving time in zones that have it', () => {
    expect(localToInstant('2026-07-01T12:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
    expect(localToInstant('2026-01-01T12:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-01-01T11:00:00.000Z',
    );
  });

  it('answers null for text that is not a time', () => {
    expect(localToInstant('yesterday')).toBeNull();
  });
});

describe('ages', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it('says seconds, minutes, hours and days the short Russian way', () => {
    expect(formatDuration(40_000)).toBe('40 с');
    expect(formatAge('2026-11-22T11:55:00Z', now)).toBe('5 мин');
    expect(formatAge('2026-11-22T09:00:00Z', now)).toBe('3 ч');
    expect(formatAge('2026-11-22T08:50:00Z', now)).toBe('3 ч 10 мин');
    expect(formatAge('2026-11-21T00:00:00Z', now)).toBe('1 дн');
    expect(formatAge('2026-11-19T11:00:00Z', now)).toBe('3 дн');
  });

  it('never shows a negative age when clocks disagree', () => {
    expect(formatAge('2026-11-22T12:00:30Z', now)).toBe('0 с');
  });

  it('measures ages for thresholds', () => {
    expect(ageMs('2026-11-21T11:00:00Z', now) > DAY_MS).toBe(true);
  });
});
