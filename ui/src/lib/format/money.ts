// Money on screen. The API counts integer kopecks; people read and type roubles. Both directions work on
// the decimal digits as text, so no amount ever passes through a binary float (0.1 + 0.2 ≠ 0.3).

/** The largest amount the API accepts (PaymentCreate.amount_kopecks). */
export const MAX_KOPECKS = 999_999_999_999;

// Russian typography: groups of three digits split by a non-breaking space, a decimal comma, and the
// rouble sign after a non-breaking space, so «1 234,56 ₽» never wraps in a table cell.
const NBSP = '\u00a0';

/** 123456 → «1 234,56 ₽»; negative amounts keep their sign. */
export function formatKopecks(kopecks: number): string {
  return `${formatKopecksPlain(kopecks)}${NBSP}₽`;
}

/** 123456 → «1 234,56» (no currency sign, for inputs and compact cells). */
export function formatKopecksPlain(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`not a whole number of kopecks: ${kopecks}`);
  const sign = kopecks < 0 ? '-' : '';
  const digits = String(Math.abs(kopecks)).padStart(3, '0');
  const roubles = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${sign}${groupThousands(roubles)},${cents}`;
}

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += NBSP;
    out += digits[i];
  }
  return out;
}

export type ParsedAmount = { ok: true; kopecks: number } | { ok: false; message: string };

/**
 * What a cashier types («1234,56», «1 234.5», «1234», «1234,56 ₽») → kopecks. A comma or a dot is the
 * decimal mark; spaces group thousands. Anything else, more than two decimals, zero or a negative amount
 * is refused with a message for the form.
 */
export function parseRoubles(input: string): ParsedAmount {
  const text = input
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/(₽|руб\.?|р\.?)$/i, '')
    .replace(',', '.');
  if (text === '') return { ok: false, message: 'Введите сумму' };
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) {
    if (/^\d+\.\d{3,}$/.test(text)) return { ok: false, message: 'Не больше двух знаков после запятой' };
    if (text.startsWith('-')) return { ok: false, message: 'Сумма должна быть больше нуля' };
    return { ok: false, message: 'Сумма — число, например 1234,56' };
  }
  const roubles = match[1]!.replace(/^0+(?=\d)/, '');
  const cents = (match[2] ?? '').padEnd(2, '0');
  const digits = `${roubles}${cents}`.replace(/^0+(?=\d)/, '');
  // 15 digits already exceed MAX_KOPECKS; comparing lengths first keeps Number() exact below.
  if (digits.length > String(MAX_KOPECKS).length) return { ok: false, message: 'Слишком большая сумма' };
  const kopecks = Number(digits);
  if (kopecks > MAX_KOPECKS) return { ok: false, message: 'Слишком большая сумма' };
  if (kopecks === 0) return { ok: false, message: 'Сумма должна быть больше нуля' };
  return { ok: true, kopecks };
}
