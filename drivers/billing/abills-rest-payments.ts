// Registrar mode for ABillS: the oldest payments after a cursor id, and each row read into a
// BilledPayment. GET /payments/ sorts newest first by default (Controllers/Admin/Payments.pm sets
// DESC unless asked otherwise, anphsw/abills@250225f1) and cuts the list at pageRows, so "the oldest
// `limit` after N" is found by narrowing the id range with ABillS search expressions
// (`>N;<M`: ';' is "and", Abills/mysql/dbcore search_expr), whatever order the billing uses.
import { type BilledPayment, BillingError } from './billing-adapter.ts';
import { parseWallTime } from './billing-time.ts';
import { parseMoneyText } from './money-text.ts';

/** One record of an ABillS list answer (camelCase keys, values as numbers or strings). */
export type AbillsRow = Record<string, unknown>;

/** ABillS money comes as a JSON number (93.76) or a string ("93.76"). */
export function moneyOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return parseMoneyText(String(value));
  if (typeof value === 'string') return parseMoneyText(value);
  return undefined;
}

function idOf(row: AbillsRow): number {
  const id = Number(row.id);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new BillingError(
      'protocol',
      `ABillS poll: a payment without a numeric id (${JSON.stringify(row.id)})`,
    );
  }
  return id;
}

/**
 * The oldest `limit` payments with id > after, ascending. `fetch(filter)` lists payments matching an
 * ABillS id expression, at most `limit` of them in any order. A list shorter than `limit` is complete
 * for its range; a full one says only that older ones may exist below its smallest id, so the range
 * shrinks until a complete list is found. An id window of `limit` ids is complete in one list.
 */
export async function oldestAfter(
  after: number,
  limit: number,
  fetch: (idFilter: string) => Promise<AbillsRow[]>,
): Promise<AbillsRow[]> {
  let upper: number | undefined;
  for (;;) {
    const filter = upper === undefined ? `>${after}` : `>${after};<${upper}`;
    const rows = inRange(await fetch(filter), after, upper);
    if (rows.length >= limit) {
      upper = idOf(rows[0]!);
      continue;
    }
    if (rows.length > 0 || upper === undefined) return rows;
    // Nothing between `after` and the smallest id seen, which exists: take the window from there.
    return inRange(await fetch(`>=${upper};<=${upper + limit - 1}`), upper - 1, upper + limit);
  }
}

function inRange(rows: AbillsRow[], after: number, upper: number | undefined): AbillsRow[] {
  return rows
    .filter((row) => idOf(row) > after && (upper === undefined || idOf(row) < upper))
    .sort((a, b) => idOf(a) - idOf(b));
}

export interface PaymentReading {
  zone: string;
  cash: ReadonlySet<number>;
  methods: readonly number[] | undefined;
}

/**
 * A payment that needs a receipt, or none: rows with a sum of zero or less (corrections, refunds
 * entered as payments) and rows of other methods get no sell receipt; the cursor still passes them.
 */
export function billedPaymentFrom(row: AbillsRow, reading: PaymentReading): BilledPayment[] {
  const id = idOf(row);
  const amountKopecks = moneyOf(row.sum);
  if (amountKopecks === undefined) {
    throw new BillingError(
      'protocol',
      `ABillS poll: payment ${id} has no readable sum (${JSON.stringify(row.sum)})`,
    );
  }
  const method = row.method === undefined || row.method === null ? undefined : Number(row.method);
  if (amountKopecks <= 0) return [];
  if (reading.methods && method !== undefined && !reading.methods.includes(method)) return [];
  const when = typeof row.datetime === 'string' && row.datetime !== '' ? row.datetime : row.regDate;
  const paidAt = typeof when === 'string' ? parseWallTime(when, reading.zone) : undefined;
  if (!paidAt) {
    throw new BillingError(
      'protocol',
      `ABillS poll: payment ${id} has no readable date (${JSON.stringify(when)})`,
    );
  }
  const account = row.login ?? row.uid;
  const effectiveMethod = method ?? (reading.methods?.length === 1 ? reading.methods[0] : undefined);
  return [
    {
      billingPaymentId: String(id),
      account: account === undefined || account === null ? '' : String(account),
      amountKopecks,
      paidAt: paidAt.toISOString(),
      method: effectiveMethod !== undefined && reading.cash.has(effectiveMethod) ? 'cash' : 'electronic',
    },
  ];
}
