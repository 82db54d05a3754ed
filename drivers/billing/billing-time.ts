// Billings write times as wall-clock text in their own zone, without an offset (OSMP txn_date
// "YYYYMMDDHHMMSS", ABillS "YYYY-MM-DD HH:MM:SS", LANBilling paydate "yyyy-MM-dd HH:mm:ss"). These turn
// an instant into such text and back for a named IANA zone (the zone arithmetic is drivers/wall-time.ts);
// Russian billings default to Moscow time.
import { instantOfWallTime, wallTimeIn } from '../wall-time.ts';

export const DEFAULT_BILLING_TIME_ZONE = 'Europe/Moscow';

/** 'sql': "2026-03-01 12:30:15" (ABillS, LANBilling); 'compact': "20260301123015" (OSMP txn_date). */
export function formatWallTime(at: Date, timeZone: string, style: 'compact' | 'sql'): string {
  const t = wallTimeIn(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = [String(t.year).padStart(4, '0'), two(t.month), two(t.day)];
  const time = [two(t.hour), two(t.minute), two(t.second)];
  return style === 'compact' ? date.join('') + time.join('') : `${date.join('-')} ${time.join(':')}`;
}

const SQL_WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * "2026-03-01 12:30:15" read as wall time in `timeZone` → the instant; undefined when the text is not
 * such a time. Around a DST jump the earlier reading wins (Moscow has had none since 2014).
 */
export function parseWallTime(text: string, timeZone: string): Date | undefined {
  const match = SQL_WALL_TIME.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  return instantOfWallTime({ year, month, day, hour, minute, second }, timeZone);
}
