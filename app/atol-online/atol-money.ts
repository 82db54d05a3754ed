// ATOL Online sends money as JSON numbers in rubles with at most 2 decimals and quantities with at most
// 3 (API_atol_online_v4.pdf; skodnik/atol-online:data/api/schemas/v4-FFD-1.05/request/sell.json:
// number_two_format multipleOf 0.01, number_three_format multipleOf 0.001). The box keeps integer kopecks
// (rule 2): a number is converted only when it is exactly a whole number of kopecks (thousandths), so
// 1599.99 becomes 159999 and 10.005 is refused instead of being rounded by someone's guess.

/**
 * The number times 10^decimals when it has at most `decimals` decimals; undefined otherwise. Read from
 * the shortest decimal that round-trips to the double (String(value)), which is what the sender wrote,
 * so no float arithmetic can round a real third decimal away. A sender that computed its sums in
 * floating point may write binary noise (PHP's json_encode(0.1 + 0.2) is 0.30000000000000004): a value
 * within a millionth of a unit of a whole number of units is that number; 10.005 is not.
 */
function scaled(value: number, decimals: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(Math.abs(value)));
  let units: number;
  if (match !== null && (match[2] ?? '').length <= decimals) {
    units = Number((match[1] ?? '') + (match[2] ?? '').padEnd(decimals, '0'));
  } else {
    const exact = Math.abs(value) * 10 ** decimals;
    units = Math.round(exact);
    if (Math.abs(exact - units) > 1e-6) return undefined;
  }
  if (!Number.isSafeInteger(units)) return undefined;
  return value < 0 ? -units : units;
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
