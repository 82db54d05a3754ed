// The FN keeps the device's local wall-clock time; the box stores UTC (rule 2). A register is configured
// with the IANA zone its clock runs in, and these functions convert between the two explicitly (the zone
// arithmetic itself is drivers/wall-time.ts, shared with the billing drivers).
import { instantOfWallTime, offsetAt } from '../../drivers/wall-time.ts';

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `2026-11-22T21:18` (device local, seconds optional) in `timeZone` → the UTC instant. */
export function deviceLocalToUtc(local: string, timeZone: string): Date {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) throw new RangeError(`Not a device local time: ${local}`);
  const [, y, mo, d, h, mi, s] = match;
  const wall = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? 0),
  };
  return instantOfWallTime(wall, timeZone);
}

/** The UTC instant as the device's local wall-clock time `YYYY-MM-DDTHH:mm:ss`. */
export function utcToDeviceLocal(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  return shifted.toISOString().slice(0, 19);
}
