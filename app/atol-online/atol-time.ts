// ATOL Online writes times as `dd.MM.yyyy HH:mm:ss` in local time (API_atol_online_v4.pdf; samples in
// skodnik/atol-online:data/samples/response/*.json, e.g. "timestamp": "12.04.2017 20:15:08"). The box
// answers in its own time zone (settings.timezone), as ATOL answers in Moscow time.
import { utcToDeviceLocal } from '../domain/device-time.ts';

const ATOL_TIME = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const ATOL_DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/** `YYYY-MM-DDTHH:mm[:ss]` (local) → `dd.MM.yyyy HH:mm:ss`. */
export function atolTimeOfLocal(local: string): string {
  const [date = '', time = ''] = local.split('T');
  const [year, month, day] = date.split('-');
  const [hour = '00', minute = '00', second = '00'] = time.split(':');
  return `${day}.${month}.${year} ${hour}:${minute}:${second.slice(0, 2)}`;
}

/** An instant as ATOL writes it, in `timeZone`. */
export function atolTime(instant: Date, timeZone: string): string {
  return atolTimeOfLocal(utcToDeviceLocal(instant, timeZone));
}

function isRealDate(year: string, month: string, day: string): boolean {
  const parsed = new Date(`${year}-${month}-${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === `${year}-${month}-${day}`;
}

/** True for `dd.MM.yyyy HH:mm:ss` naming a real moment of a calendar. */
export function isAtolTime(value: string): boolean {
  const match = ATOL_TIME.exec(value);
  if (match === null) return false;
  const [, day, month, year, hour, minute, second] = match as unknown as string[];
  return isRealDate(year!, month!, day!) && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

/** `dd.MM.yyyy` → `YYYY-MM-DD`, or undefined when it is not a real date. */
export function isoDateOfAtolDate(value: string): string | undefined {
  const match = ATOL_DATE.exec(value);
  if (match === null) return undefined;
  const [, day, month, year] = match as unknown as string[];
  return isRealDate(year!, month!, day!) ? `${year}-${month}-${day}` : undefined;
}
