import { describe, expect, it } from 'vitest';
import {
  type AbillsRow,
  billedPaymentFrom,
  oldestAfter,
} from '../../../../drivers/billing/abills-rest-payments.ts';
import { SeededRandom } from '../../../helpers/seeded-random.ts';

// A billing listing ids matching an ABillS id expression, cut at `limit`, in the order given.
function listing(ids: number[], order: (rows: AbillsRow[]) => AbillsRow[]) {
  return async (filter: string, limit: number): Promise<AbillsRow[]> => {
    const terms = filter.split(';').map((term) => /^(>=|<=|>|<)(\d+)$/.exec(term)!);
    const ok = (id: number) =>
      terms.every(([, op, v]) => {
        const value = Number(v);
        return op === '>' ? id > value : op === '<' ? id < value : op === '>=' ? id >= value : id <= value;
      });
    return order(ids.filter(ok).map((id) => ({ id }))).slice(0, limit);
  };
}

async function drain(fetch: (filter: string, limit: number) => Promise<AbillsRow[]>, limit: number) {
  const seen: number[] = [];
  let after = 0;
  for (let polls = 0; polls < 100; polls += 1) {
    const rows = await oldestAfter(after, limit, (filter) => fetch(filter, limit));
    if (rows.length === 0) return seen;
    expect(rows.length).toBeLessThanOrEqual(limit);
    seen.push(...rows.map((r) => Number(r.id)));
    after = Number(rows.at(-1)!.id);
  }
  throw new Error('did not finish');
}

describe('oldestAfter', () => {
  const ids = [2, 3, 5, 8, 9, 10, 11, 15, 16, 17, 30, 31, 32, 33, 40];

  it('returns every id once, oldest first, whatever order the billing lists them in', async () => {
    const random = new SeededRandom(7);
    const orders: Record<string, (rows: AbillsRow[]) => AbillsRow[]> = {
      ascending: (rows) => rows,
      descending: (rows) => [...rows].reverse(),
      shuffled: (rows) => [...rows].sort(() => random.next() - 0.5),
    };
    for (const [name, order] of Object.entries(orders)) {
      for (const limit of [1, 2, 3, 4, 25]) {
        expect(await drain(listing(ids, order), limit), `${name} limit ${limit}`).toEqual(ids);
      }
    }
  });
});

describe('billedPaymentFrom', () => {
  const reading = { zone: 'Europe/Moscow', cash: new Set([0]), methods: undefined };
  it('reads a row, and refuses one without a date', () => {
    expect(
      billedPaymentFrom(
        { id: 4, uid: 9, login: 'ivanov', sum: 93.76, method: 0, datetime: '2026-01-02 03:04:05' },
        reading,
      ),
    ).toEqual([
      {
        billingPaymentId: '4',
        account: 'ivanov',
        amountKopecks: 9_376,
        paidAt: '2026-01-02T00:04:05.000Z',
        method: 'cash',
      },
    ]);
    expect(() => billedPaymentFrom({ id: 5, sum: '1.00', method: 1 }, reading)).toThrow(
      /payment 5 has no readable date/,
    );
    expect(() => billedPaymentFrom({ id: 6, sum: 'x', datetime: '2026-01-02 03:04:05' }, reading)).toThrow(
      /sum/,
    );
  });
});
