// Quiet hours of a notification channel: «22:00–08:00» local time of the box, when only critical alerts
// (if the channel lets them through) are sent. A window may wrap past midnight.

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(value: string): boolean {
  return HHMM.test(value);
}

function minutes(value: string): number {
  const match = HHMM.exec(value);
  if (!match) throw new Error(`Not a time of day: ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether `time` («HH:MM») falls inside the window [from, to); from == to means no window. */
export function inQuietHours(from: string, to: string, time: string): boolean {
  const [start, end, now] = [minutes(from), minutes(to), minutes(time)];
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The window as a person reads it. */
export function quietHoursText(
  window: { from: string; to: string; critical_bypass?: boolean } | null | undefined,
): string {
  if (!window || window.from === window.to) return 'Без тихих часов';
  const overnight = minutes(window.from) > minutes(window.to) ? ' (через полночь)' : '';
  const bypass =
    window.critical_bypass === undefined
      ? ''
      : window.critical_bypass
        ? '; критические — всегда'
        : '; молчит всё';
  return `Тихие часы ${window.from}–${window.to}${overnight}${bypass}`;
}

/** A form check: both ends or neither; a message in Russian, or null when fine. */
export function quietHoursProblem(from: string, to: string): string | null {
  if (!from && !to) return null;
  if (!from || !to) return 'Укажите и начало, и конец тихих часов (или очистите оба)';
  if (!isTimeOfDay(from) || !isTimeOfDay(to)) return 'Время в формате ЧЧ:ММ, например 22:00';
  if (from === to) return 'Начало и конец совпадают';
  return null;
}
