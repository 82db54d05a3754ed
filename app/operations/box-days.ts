// Calendar days in the box time zone (settings.timezone): "today" on the dashboard and the days of the
// statistics. Receipts are stored with UTC instants, so a day is the UTC range [its local midnight,
// the next local midnight).
import { deviceLocalToUtc, utcToDeviceLocal } from '../domain/device-time.ts';

const DAY_MS = 86_400_000;

/** The local calendar day `YYYY-MM-DD` of an instant in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return utcToDeviceLocal(instant, timeZone).slice(0, 10);
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** True for an existing calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

export interface DayRange {
  day: string;
  /** UTC instant of the local midnight that starts the day. */
  start: string;
  /** UTC instant of the next local midnight (exclusive). */
  end: string;
}

export function dayRange(day: string, timeZone: string): DayRange {
  return {
    day,
    start: deviceLocalToUtc(`${day}T00:00`, timeZone).toISOString(),
    end: deviceLocalToUtc(`${nextDay(day)}T00:00`, timeZone).toISOString(),
  };
}

/** Every day from `from` to `to`, both included. */
export function dayRanges(from: string, to: string, timeZone: string): DayRange[] {
  const days: DayRange[] = [];
  for (let day = from; day <= to; day = nextDay(day)) days.push(dayRange(day, timeZone));
  return days;
}

/**
 * A search bound as people type it: a day in the box zone (`from` = its start, `to` = the end of that
 * day, so from=to=one day finds that day) or an ISO-8601 instant. Undefined when it is neither.
 */
export function instantOfBound(value: string, side: 'from' | 'to', timeZone: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isCalendarDay(value)) return undefined;
    const range = dayRange(value, timeZone);
    return side === 'from' ? range.start : range.end;
  }
  const instant = Date.parse(value);
  // Date.parse reads a date-time without a zone as local time of the server: demand the zone.
  if (Number.isNaN(instant) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return undefined;
  return new Date(instant).toISOString();
}
