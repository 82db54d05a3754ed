// The FN forecast on the register page (GET /registers/:id/status → fn_forecast): from the receipts of
// the last 30 days, the day the FN memory will be full; with the validity date, the day the FN must be
// replaced by. Turned here into lines a technician reads and a tone that says how soon.
import type { Tone } from '../format/status.ts';

export interface FnForecastLike {
  receipts_per_day: number;
  memory_full_on: string | null;
  valid_until: string | null;
  replace_by: string | null;
}

export interface ForecastView {
  tone: Tone;
  /** The headline: «Заменить ФН до 12.03.2027 — через 110 дн.» */
  headline: string;
  /** Why that date: memory or validity, and the receipt rate behind it. */
  details: string[];
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Whole days from `today` to `day` (both «YYYY-MM-DD»); negative when past. */
export function daysBetween(today: string, day: string): number {
  return Math.round(dayNumber(day) - dayNumber(today));
}

function ruDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

function inDays(days: number): string {
  if (days < 0) return `просрочено на ${-days} дн.`;
  if (days === 0) return 'сегодня';
  return `через ${days} дн.`;
}

export function formatRate(perDay: number): string {
  const rounded = perDay >= 10 ? Math.round(perDay) : Math.round(perDay * 10) / 10;
  return String(rounded).replace('.', ',');
}

/** Same thresholds as the fn_expiry alert's defaults: ≤ 3 days red, ≤ 30 yellow. */
export function forecastView(forecast: FnForecastLike, today: string): ForecastView {
  const details: string[] = [];
  details.push(
    forecast.receipts_per_day > 0
      ? `В среднем ${formatRate(forecast.receipts_per_day)} чеков в день за последние 30 дней`
      : 'За последние 30 дней чеков не было — по заполнению памяти прогноза нет',
  );
  if (forecast.memory_full_on) details.push(`Память ФН заполнится ≈ ${ruDay(forecast.memory_full_on)}`);
  if (forecast.valid_until) details.push(`Срок действия ФН — до ${ruDay(forecast.valid_until)}`);

  if (!forecast.replace_by) {
    return { tone: 'neutral', headline: 'Срок замены ФН пока неизвестен', details };
  }
  const days = daysBetween(today, forecast.replace_by);
  const reason =
    forecast.memory_full_on && forecast.memory_full_on === forecast.replace_by
      ? ' (раньше заполнится память)'
      : '';
  const tone: Tone = days <= 3 ? 'danger' : days <= 30 ? 'warn' : 'ok';
  return {
    tone,
    headline: `Заменить ФН до ${ruDay(forecast.replace_by)} — ${inDays(days)}${reason}`,
    details,
  };
}
