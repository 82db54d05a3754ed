// Time on screen. The API speaks UTC instants; people read the box's wall clock (settings.timezone,
// Europe/Moscow by default), whatever zone their browser is in. Devices report their own local time
// without a zone (ofd_oldest_unsent_at, device_time), which is turned back into an instant here.

export const DEFAULT_TIMEZONE = 'Europe/Moscow';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('ru-RU', { timeZone, hourCycle: 'h23', ...options });
    formatters.set(key, cached);
  }
  return cached;
}

/** The wall-clock fields of an instant in a zone. */
function partsIn(instant: Date, timeZone: string): Record<string, string> {
  const parts = formatter(timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/** «22.11.2026 13:05» in the zone. */
export function formatDateTime(iso: string | Date, timeZone = DEFAULT_TIMEZONE): string {
  const p = partsIn(new Date(iso), timeZone);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** «22.11.2026 13:05:09» — for audit trails and events, where seconds matter. */
export function formatDateTimeSeconds(iso: string | Date, timeZone = DEFAULT_TIMEZONE): string {
  const p = partsIn(new Date(iso), timeZone);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** A calendar day «2029-11-22» (no zone: FN validity, statistics days) → «22.11.2029». */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : day;
}

/** The calendar day «YYYY-MM-DD» of an instant in the zone (for date filters and statistics). */
export function dayIn(instant: Date, timeZone = DEFAULT_TIMEZONE): string {
  const p = partsIn(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * A device's local time «2026-11-23T00:48[:14]» in `timeZone` → the UTC instant. The zone's offset is
 * found by formatting a first guess back in that zone; a second pass settles DST edges.
 */
export function localToInstant(local: string, timeZone = DEFAULT_TIMEZONE): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  let guess = wall;
  for (let pass = 0; pass < 2; pass++) {
    const p = partsIn(new Date(guess), timeZone);
    const shown = Date.UTC(
      Number(p.year),
      Number(p.month) - 1,
      Number(p.day),
      Number(p.hour),
      Number(p.minute),
      Number(p.second),
    );
    guess += wall - shown;
  }
  return new Date(guess);
}

/** How long ago (or how long for): «40 с», «5 мин», «3 ч 10 мин», «2 дн». Never negative. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} с`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 || hours >= 10 ? `${hours} ч` : `${hours} ч ${minutes % 60} мин`;
  return `${Math.floor(hours / 24)} дн`;
}

/** The age of an instant at `now`: «5 мин». */
export function formatAge(since: string | Date, now: Date = new Date()): string {
  return formatDuration(now.getTime() - new Date(since).getTime());
}

/** Milliseconds since an instant (for thresholds such as "unsent for over a day"). */
export function ageMs(since: string | Date, now: Date = new Date()): number {
  return now.getTime() - new Date(since).getTime();
}

export const DAY_MS = 24 * 60 * 60 * 1000;
