// Money is integer kopecks everywhere (rule 2); these are the only conversions to and from text.

export function isKopecks(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** 123456 → "1234.56": the form the FNS QR code and receipts use (pril. 2 §14). */
export function formatRubles(kopecks: number): string {
  if (!isKopecks(kopecks)) throw new RangeError(`Not an amount in kopecks: ${kopecks}`);
  const rubles = Math.trunc(kopecks / 100);
  const rest = kopecks % 100;
  return `${rubles}.${String(rest).padStart(2, '0')}`;
}

/** "1234.5" / "1234,50" / "1234" → kopecks; undefined when the text is not an amount. No floats involved. */
export function parseRubles(text: string): number | undefined {
  const match = /^\s*(\d{1,12})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const kopecks = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return Number.isSafeInteger(kopecks) ? kopecks : undefined;
}
