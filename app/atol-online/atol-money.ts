// ATOL Online sends money as JSON numbers in rubles with at most 2 decimals and quantities with at most
// 3 (API_atol_online_v4.pdf; skodnik/atol-online:data/api/schemas/v4-FFD-1.05/request/sell.json:
// number_two_format multipleOf 0.01, number_three_format multipleOf 0.001). The box keeps integer kopecks
// (rule 2): a number is converted only when it is exactly a whole number of kopecks (thousandths), so
// 1599.99 becomes 159999 and 10.005 is refused instead of being rounded by someone's guess.

/**
 * The number times 10^decimals when it has at most `decimals` decimals; undefined otherwise. Read from
 * the shortest decimal that round-trips to the double (String(value)), which is what the sender wrote for
 * any number with up to 15 significant digits, so no float arithmetic can round a third decimal away.
 */
function scaled(value: number, decimals: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(Math.abs(value));
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) {
    // Exponent notation: 1e-7 (too many decimals) or 1e+21 (too large); both refused.
    return undefined;
  }
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > decimals) return undefined;
  const result = Number(whole + fraction.padEnd(decimals, '0'));
  if (!Number.isSafeInteger(result)) return undefined;
  return value < 0 ? -result : result;
}

/** Rubles (at most 2 decimals) → kopecks, or undefined when the value has more decimals. */
export function kopecksOfRubles(value: number): number | undefined {
  return scaled(value, 2);
}

/** A quantity with at most 3 decimals → thousandths, or undefined. */
export function thousandthsOfQuantity(value: number): number | undefined {
  return scaled(value, 3);
}

/** Kopecks → the ruble number ATOL answers with (payload.total). */
export function rublesOfKopecks(kopecks: number): number {
  return kopecks / 100;
}
