import { describe, expect, it } from 'vitest';
import { instantOfWallTime, offsetAt, wallTimeIn } from '../../../drivers/wall-time.ts';

describe('wall time in a zone', () => {
  it('reads the wall clock of an instant and turns it back into the same instant', () => {
    const at = new Date('2026-03-29T00:59:59Z'); // a second before Berlin moves to summer time
    expect(wallTimeIn(at, 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 1,
      minute: 59,
      second: 59,
    });
    expect(instantOfWallTime(wallTimeIn(at, 'Europe/Berlin'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T00:59:59.000Z',
    );
    const after = new Date('2026-03-29T01:00:00Z');
    expect(wallTimeIn(after, 'Europe/Berlin').hour).toBe(3);
    expect(instantOfWallTime(wallTimeIn(after, 'Europe/Berlin'), 'Europe/Berlin')).toEqual(after);
  });

  it('knows the offset and refuses an unknown zone', () => {
    expect(offsetAt(Date.UTC(2026, 0, 1), 'Europe/Moscow')).toBe(3 * 3_600_000);
    expect(offsetAt(Date.UTC(2026, 6, 1), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(() => wallTimeIn(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
