// Billings write money as decimal text ("10.45" in OSMP's sum, ABillS' JSON sum, LANBilling's amount);
// the box keeps integer kopecks (rule 2). Both directions go through strings and integers only, so no
// float rounding ever touches an amount.

const MONEY_TEXT = /^(-?)(\d{1,15})(?:\.(\d+))?$/;

/** 12345 → "123.45"; -5 → "-0.05". Refuses anything but a safe integer. */
export function kopecksToText(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`kopecks must be an integer, got ${kopecks}`);
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * "123.45" → 12345, "150.5" → 15050, "7" → 700, "-10.00" → -1000. Digits beyond the kopeck are
 * allowed only when they are zeros ("150.500000", as SOAP doubles print), so nothing is rounded
 * away. Anything else (commas, spaces, exponents, "1.005") → undefined.
 */
export function parseMoneyText(text: string): number | undefined {
  const match = MONEY_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  if (/[^0]/.test(fraction.slice(2))) return undefined;
  const kopecks = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(kopecks)) return undefined;
  return sign === '-' && kopecks !== 0 ? -kopecks : kopecks;
}
