// Quiet hours of a channel: a local time window (say 22:00–08:00) in which deliveries wait. Pure:
// given the instant and the window, when may the delivery go?

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

export function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

export function isClockTime(text: string): boolean {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  return match !== null && Number(match[1]) < 24 && Number(match[2]) < 60;
}

/** Minutes since local midnight in `timezone`, with the seconds of the instant. */
function localMinutes(at: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute') + value('second') / 60;
}

/**
 * When the quiet window that contains `at` ends, or undefined when `at` is outside it. start === end
 * means no quiet time at all (a window of zero length).
 */
export function quietUntil(
  at: Date,
  window: { start: string; end: string; timezone: string },
): Date | undefined {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return undefined;
  const now = localMinutes(at, window.timezone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return undefined;
  const minutesLeft = (end - now + DAY_MINUTES) % DAY_MINUTES;
  // Round up to the whole minute of the end; a DST change inside the window shifts this by its hour,
  // which only moves a non-critical message by that hour.
  return new Date(Math.ceil((at.getTime() + minutesLeft * MINUTE_MS) / MINUTE_MS) * MINUTE_MS);
}
