import { describe, expect, it } from 'vitest';
import { lastCloseInstant, shiftCloseReason } from '../../../../app/lifecycle/shift-close-policy.ts';

// Moscow is UTC+3 all year: 23:50 local is 20:50 UTC.
const input = {
  state: 'open' as const,
  openedAt: '2026-11-22T05:00:00.000Z',
  knownSince: '2026-11-01T00:00:00.000Z',
  closeTime: '23:50',
  maxHours: 23.5,
  timezone: 'Europe/Moscow',
  now: new Date('2026-11-22T20:49:00.000Z'),
};

describe('the last close instant', () => {
  it('is today when the local time has passed it, else yesterday', () => {
    expect(lastCloseInstant('23:50', 'Europe/Moscow', new Date('2026-11-22T20:50:00Z')).toISOString()).toBe(
      '2026-11-22T20:50:00.000Z',
    );
    expect(lastCloseInstant('23:50', 'Europe/Moscow', new Date('2026-11-22T20:49:59Z')).toISOString()).toBe(
      '2026-11-21T20:50:00.000Z',
    );
    // Local midnight crossing: 02:00 in Vladivostok (UTC+10) is 16:00 UTC of the day before.
    expect(
      lastCloseInstant('02:00', 'Asia/Vladivostok', new Date('2026-11-22T17:00:00Z')).toISOString(),
    ).toBe('2026-11-22T16:00:00.000Z');
  });
});

describe('when a shift must be closed', () => {
  it('at the local close time, not a minute before', () => {
    expect(shiftCloseReason(input)).toBeNull();
    expect(shiftCloseReason({ ...input, now: new Date('2026-11-22T20:50:00.000Z') })).toBe('close_time');
  });

  it('not for a shift opened after the last close time', () => {
    const openedLate = { ...input, openedAt: '2026-11-22T21:30:00.000Z' };
    expect(shiftCloseReason({ ...openedLate, now: new Date('2026-11-22T21:30:00.000Z') })).toBeNull();
    expect(shiftCloseReason({ ...openedLate, now: new Date('2026-11-23T20:50:00.000Z') })).toBe('close_time');
  });

  it('catches up after downtime: a close time that passed while the box was off is still due', () => {
    // Opened 18:00 local, the box was off from before 23:50 until 09:00 the next morning.
    const evening = { ...input, openedAt: '2026-11-22T15:00:00.000Z' };
    expect(shiftCloseReason({ ...evening, now: new Date('2026-11-23T06:00:00.000Z') })).toBe('close_time');
  });

  it('always once the shift reaches shift_max_hours, with or without a close time', () => {
    const noDaily = { ...input, closeTime: null };
    expect(shiftCloseReason({ ...noDaily, now: new Date('2026-11-23T04:29:00.000Z') })).toBeNull();
    expect(shiftCloseReason({ ...noDaily, now: new Date('2026-11-23T04:30:00.000Z') })).toBe('max_age');
    expect(shiftCloseReason({ ...noDaily, maxHours: 12, now: new Date('2026-11-22T17:00:00.000Z') })).toBe(
      'max_age',
    );
  });

  it('always for a shift the device calls expired, never for a closed one', () => {
    expect(shiftCloseReason({ ...input, closeTime: null, state: 'expired' })).toBe('expired');
    expect(shiftCloseReason({ ...input, state: 'closed', now: new Date('2026-11-24T00:00:00Z') })).toBeNull();
  });

  it('counts a shift the box did not see open from what it knows: not re-closed after the box closed one', () => {
    const unseen = { ...input, openedAt: null, knownSince: '2026-11-22T20:50:30.000Z' };
    // Opened on the keyboard right after the box's 23:50 close: it waits for tomorrow's close time.
    expect(shiftCloseReason({ ...unseen, now: new Date('2026-11-22T21:10:00.000Z') })).toBeNull();
    expect(shiftCloseReason({ ...unseen, now: new Date('2026-11-23T20:50:00.000Z') })).toBe('close_time');
    // Its age is unknown: only the device's own "expired" ends it beyond the close time.
    expect(
      shiftCloseReason({ ...unseen, closeTime: null, now: new Date('2026-11-24T20:00:00.000Z') }),
    ).toBeNull();
  });
});
