import { describe, expect, it } from 'vitest';
import { formatWallTime, parseWallTime } from '../../../../drivers/billing/billing-time.ts';

describe('billing wall times', () => {
  it('formats an instant in the billing zone', () => {
    const at = new Date('2026-12-31T22:05:09Z');
    expect(formatWallTime(at, 'Europe/Moscow', 'compact')).toBe('20270101010509');
    expect(formatWallTime(at, 'UTC', 'compact')).toBe('20261231220509');
    expect(formatWallTime(at, 'Asia/Yekaterinburg', 'sql')).toBe('2027-01-01 03:05:09');
    expect(() => formatWallTime(at, 'Mars/Olympus', 'sql')).toThrow(RangeError);
  });

  it('reads wall time back to the instant, refusing impossible dates', () => {
    expect(parseWallTime('2027-01-01 01:05:09', 'Europe/Moscow')?.toISOString()).toBe(
      '2026-12-31T22:05:09.000Z',
    );
    expect(parseWallTime('2026-07-01 12:00:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
    expect(parseWallTime('2026-01-01 12:00:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-01-01T11:00:00.000Z',
    );
    for (const bad of ['2026-02-30 10:00:00', '2026-01-01', '2026-01-01 24:00:00', 'yesterday']) {
      expect(parseWallTime(bad, 'UTC'), bad).toBeUndefined();
    }
  });

  it('round-trips through Moscow time', () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7_777_777_000) {
      const at = new Date(ms);
      expect(parseWallTime(formatWallTime(at, 'Europe/Moscow', 'sql'), 'Europe/Moscow')?.getTime()).toBe(ms);
    }
  });
});
