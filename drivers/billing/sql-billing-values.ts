// Values between the box and a billing's SQL columns. Money: the box counts integer kopecks (rule 2);
// billings keep rubles in DECIMAL (MikBill, NoDeny) or DOUBLE (ABillS `payments.sum DOUBLE(10,2)`,
// research/billing.md §4.1.2), so rubles travel as decimal strings and are converted digit by digit,
// never through float arithmetic. Time: billings keep local DATETIMEs without a zone (or unix seconds,
// NoDeny `pays.time`), so the connection's `time_zone` offset says which instant they mean.

export type AmountUnit = 'rubles' | 'kopecks';

/** A decimal string of rubles, e.g. 15050 → "150.50", -5 → "-0.05". */
export function kopecksToRubles(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`not an integer amount of kopecks: ${kopecks}`);
  const sign = kopecks < 0 ? '-' : '';
  const absolute = Math.abs(kopecks);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/** The value the template binds as :amount. */
export function amountToSql(kopecks: number, unit: AmountUnit): string | number {
  return unit === 'rubles' ? kopecksToRubles(kopecks) : kopecks;
}

/**
 * Kopecks from a column: a decimal string (DECIMAL/NUMERIC come as strings), or a number (DOUBLE,
 * INT). A DOUBLE of rubles is read at two decimals (150.5 → 15050), which is what DOUBLE(10,2) holds;
 * a DECIMAL with non-zero digits past the kopeck is refused rather than rounded.
 */
export function amountFromSql(value: unknown, unit: AmountUnit): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not an amount: ${value}`);
    text = unit === 'rubles' ? value.toFixed(2) : String(value);
  } else if (typeof value === 'bigint') {
    text = value.toString();
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new RangeError(`not an amount: ${String(value)}`);
  }
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`not an amount: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  const kopeckDigits = unit === 'rubles' ? 2 : 0;
  if (/[1-9]/.test(fraction.slice(kopeckDigits))) {
    throw new RangeError(`${text} has a fraction of a kopeck`);
  }
  const digits = `${whole}${fraction.slice(0, kopeckDigits).padEnd(kopeckDigits, '0')}`;
  const kopecks = Number(digits);
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`amount out of range: ${text}`);
  return sign === '-' && kopecks !== 0 ? -kopecks : kopecks;
}

/** Minutes east of UTC of an offset written "+03:00". */
export function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) throw new RangeError(`not a UTC offset like +03:00: ${offset}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** "YYYY-MM-DD HH:MM:SS" in the billing's zone: what DATETIME columns and session zones take. */
export function timeToSql(instant: Date, offset: string): string {
  const shifted = new Date(instant.getTime() + offsetMinutes(offset) * 60_000);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}

/** An ISO-8601 UTC instant from a billing's time column (local text, text with a zone, unix seconds, Date). */
export function timeFromSql(value: unknown, offset: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('not a time: invalid Date');
    return value.toISOString();
  }
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value.trim()))) {
    const seconds = Number(value);
    if (!Number.isFinite(seconds)) throw new RangeError(`not a time: ${value}`);
    return new Date(seconds * 1000).toISOString();
  }
  if (typeof value !== 'string') throw new RangeError(`not a time: ${String(value)}`);
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
      value.trim(),
    );
  if (!match) throw new RangeError(`not a time: ${JSON.stringify(value)}`);
  const [, date, time = '00:00:00', zone] = match;
  const parsed = new Date(`${date}T${time}${zone ? normaliseZone(zone) : offset}`);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not a time: ${JSON.stringify(value)}`);
  return parsed.toISOString();
}

function normaliseZone(zone: string): string {
  if (zone === 'Z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4).padEnd(2, '0')}`;
}
