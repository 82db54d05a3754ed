// Wall-clock time in a named IANA zone and back. Devices and billings write local time without an
// offset (the FN's clock, OSMP txn_date, ABillS and LANBilling dates) while the box stores UTC (rule 2);
// this is the one place that does the zone arithmetic, for drivers (drivers/billing/billing-time.ts)
// and the app (app/domain/device-time.ts) alike, as drivers may not import from app/.

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building an Intl.DateTimeFormat costs ~0.4 ms (bench/README.md) and a zone rarely changes, so the
// formatters are memoized per zone. Formatters are immutable: sharing them is safe.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time of `at` in `timeZone`. Throws RangeError for an unknown zone. */
export function wallTimeIn(at: Date, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/**
 * The instant a wall-clock time in `timeZone` means. Fields out of range roll over as in Date.UTC, so
 * callers that must refuse "31.02" check the fields first. Around a DST jump the earlier reading wins.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The zone's offset at that moment, found by formatting and comparing; a second pass settles
  // instants right at an offset change.
  let instant = asUtc - offsetAt(asUtc, timeZone);
  instant = asUtc - offsetAt(instant, timeZone);
  return new Date(instant);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
  const t = wallTimeIn(new Date(instant), timeZone);
  const wallAsUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}
