// Russian taxpayer number (ИНН) check digits, as the tax service defines them: 10 digits for a company
// (one check digit), 12 for an individual or sole trader (two). A typo in the INN would put receipts
// under a taxpayer the FN does not belong to, so it is caught at input.

const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** Why `inn` is not a valid INN, or undefined when it is. */
export function innProblem(inn: string): string | undefined {
  if (!/^(\d{10}|\d{12})$/.test(inn)) return 'must be 10 digits (organization) or 12 digits (individual)';
  const digits = [...inn].map(Number);
  const ok =
    digits.length === 10
      ? checkDigit(digits, WEIGHTS_10) === digits[9]
      : checkDigit(digits, WEIGHTS_11) === digits[10] && checkDigit(digits, WEIGHTS_12) === digits[11];
  return ok ? undefined : 'has a wrong check digit (a typo?)';
}

function checkDigit(digits: readonly number[], weights: readonly number[]): number {
  const sum = weights.reduce((total, weight, i) => total + weight * digits[i]!, 0);
  return (sum % 11) % 10;
}
