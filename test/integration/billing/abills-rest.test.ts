// The ABillS REST adapter against an ABillS-shaped fake over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { AbillsRestAdapter, type AbillsRestSettings } from '../../../drivers/billing/abills-rest.ts';
import { billingError } from '../../helpers/billing-error.ts';
import { type AbillsRestFake, startAbillsRestFake } from '../../helpers/billing-fakes/abills-rest-fake.ts';

const USERS = [
  { uid: 1, login: 'test', contractId: 'D-100', fio: 'Иванов Иван', depositKopecks: 15_050 },
  { uid: 2, login: 'off', disable: 1 },
];

let fake: AbillsRestFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(settings: Partial<AbillsRestSettings> = {}, options = {}) {
  fake = await startAbillsRestFake({ users: structuredClone(USERS), ...options });
  const adapter = new AbillsRestAdapter(
    { url: fake.url, account_field: 'login', payment_method: 2, timeout_ms: 2000, ...settings },
    { api_key: fake.apiKey },
  );
  return { fake, adapter };
}

function pay(key: string, amountKopecks = 12_345, account = 'test') {
  return { idempotencyKey: key, account, amountKopecks, paidAt: new Date(), comment: 'OSMP 500001' };
}

describe('AbillsRestAdapter accounts', () => {
  it('finds a user by login with the KEY header, name and deposit', async () => {
    const { fake, adapter } = await setUp();
    expect(await adapter.findAccount('test')).toEqual({
      found: true,
      account: { account: 'test', name: 'Иванов Иван', balanceKopecks: 15_050 },
    });
    const request = fake.requests()[0]!;
    expect(request.headers.key).toBe(fake.apiKey);
    const query = new URL(request.url, 'http://x');
    expect(query.pathname).toBe('/api.cgi/users/all/');
    expect(query.searchParams.get('login')).toBe('test');
    expect(query.searchParams.get('disable')).toBe('_SHOW');
  });

  it('finds by contract id or uid as configured', async () => {
    const byContract = (await setUp({ account_field: 'contract_id' })).adapter;
    expect(await byContract.findAccount('D-100')).toMatchObject({ found: true });
    expect(await byContract.findAccount('test')).toMatchObject({ found: false, reason: 'not_found' });
    await fake?.close();
    const byUid = (await setUp({ account_field: 'uid' })).adapter;
    expect(await byUid.findAccount('1')).toMatchObject({ found: true });
    expect(await byUid.findAccount('x1')).toMatchObject({ found: false, reason: 'bad_format' });
  });

  it('unknown, disabled and search-operator accounts', async () => {
    const { fake, adapter } = await setUp();
    expect(await adapter.findAccount('nobody')).toMatchObject({ found: false, reason: 'not_found' });
    expect(await adapter.findAccount('off')).toMatchObject({ found: false, reason: 'inactive' });
    const requests = fake.requests().length;
    expect(await adapter.findAccount('te*')).toMatchObject({ found: false, reason: 'bad_format' });
    expect(fake.requests()).toHaveLength(requests);
  });

  it('a wrong key is unavailable (fix the secret, the payment waits) and never shows the key', async () => {
    fake = await startAbillsRestFake({ users: USERS });
    const adapter = new AbillsRestAdapter(
      { url: fake.url, account_field: 'login', payment_method: 2 },
      { api_key: 'wrong-key-xyz' },
    );
    const error = await billingError(adapter.findAccount('test'));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('credentials');
    expect(error.message).not.toContain('wrong-key-xyz');
  });
});

describe('AbillsRestAdapter payments', () => {
  it('posts sum, method, describe and extId with checkExtId; a repeat returns the same payment', async () => {
    const { fake, adapter } = await setUp();
    const first = await adapter.postPayment(pay('700001', 12_345));
    expect(first).toEqual({
      billingPaymentId: '1',
      idempotencyKey: '700001',
      account: 'test',
      amountKopecks: 12_345,
    });
    const post = fake.requests().find((r) => r.method === 'POST')!;
    expect(new URL(post.url, 'http://x').pathname).toBe('/api.cgi/payments/users/1/');
    expect(post.body).toMatch(/^\{"sum":123\.45,/);
    expect(JSON.parse(post.body)).toMatchObject({
      method: 2,
      describe: 'OSMP 500001',
      extId: 'KASSABOX:700001',
      checkExtId: 'KASSABOX:700001',
    });
    expect(await adapter.postPayment(pay('700001', 12_345))).toEqual(first);
    expect(fake.payments()).toHaveLength(1);
    expect(await adapter.getPayment('700001')).toEqual(first);
    expect(await adapter.getPayment('700002')).toBeUndefined();
  });

  it('a duplicate extId recorded with another sum is refused', async () => {
    const { adapter } = await setUp();
    await adapter.postPayment(pay('700003', 1_000));
    const error = await billingError(adapter.postPayment(pay('700003', 2_000)));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('10.00');
  });

  it('a lost answer is outcomeKnown false; getPayment then finds it', async () => {
    const { fake, adapter } = await setUp();
    fake.loseNextPayAnswer();
    expect(await billingError(adapter.postPayment(pay('700004', 500)))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: false,
    });
    expect(await adapter.getPayment('700004')).toMatchObject({ billingPaymentId: '1', amountKopecks: 500 });
  });

  it('unknown account and method not allowed: rejected vs unavailable; down and 500', async () => {
    const { fake, adapter } = await setUp({}, { allowedMethods: [0] });
    expect((await billingError(adapter.postPayment(pay('700005', 100, 'nobody')))).kind).toBe('rejected');
    const method = await billingError(adapter.postPayment(pay('700006')));
    expect(method.kind).toBe('unavailable');
    expect(method.message).toContain('10070');
    await fake.down('refuse');
    expect(await billingError(adapter.findAccount('test'))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: true,
    });
    await fake.up();
    await fake.down('temporary');
    expect(await billingError(adapter.findAccount('test'))).toMatchObject({ kind: 'unavailable' });
    await fake.up();
    fake.replyWith({ status: 200, body: '<html>login</html>', contentType: 'text/html' });
    expect((await billingError(adapter.findAccount('test'))).message).toContain('not JSON');
    expect(fake.payments()).toEqual([]);
  });

  it('a slow answer to a post is outcomeKnown false', async () => {
    const { fake, adapter } = await setUp({ timeout_ms: 200 });
    fake.delay(600, (request) => request.method === 'POST');
    expect(await billingError(adapter.postPayment(pay('700007')))).toMatchObject({ outcomeKnown: false });
  });
});

describe('AbillsRestAdapter.paymentsAfter', () => {
  it('lists the oldest payments after the cursor, filtered by method, though ABillS sorts newest first', async () => {
    const { fake, adapter } = await setUp({ poll_methods: [0, 1], cash_methods: [0], start_after_id: 1 });
    const at = (minute: number) => `2026-03-01 12:${String(minute).padStart(2, '0')}:00`;
    for (let i = 0; i < 9; i += 1) {
      fake.addPayment({ uid: 1, amountKopecks: 1_000 + i, method: i % 3, datetime: at(i) });
    }
    // ids 1..9; methods 0,1,2,0,1,2,…; start_after_id 1 skips id 1; method 2 (ids 3, 6, 9) is not polled.
    // Every page is complete for its id range and oldest first; together they are every polled payment once.
    const first = await adapter.paymentsAfter(undefined, 3);
    expect(first.payments[0]).toEqual({
      billingPaymentId: '2',
      account: 'test',
      amountKopecks: 1_001,
      paidAt: '2026-03-01T09:01:00.000Z',
      method: 'electronic',
    });
    expect(first.payments[1]).toMatchObject({ billingPaymentId: '4', method: 'cash' });
    const query = new URL(fake.requests()[0]!.url, 'http://x').searchParams;
    expect(query.get('method')).toBe('0,1');
    expect(query.get('id')).toBe('>1');
    const seen = first.payments.map((p) => p.billingPaymentId);
    let cursor = first.cursor;
    for (let polls = 0; polls < 10; polls += 1) {
      const page = await adapter.paymentsAfter(cursor, 3);
      expect(page.payments.length).toBeLessThanOrEqual(3);
      seen.push(...page.payments.map((p) => p.billingPaymentId));
      if (page.payments.length === 0) {
        expect(page.cursor).toBe(cursor);
        break;
      }
      cursor = page.cursor;
    }
    expect(seen).toEqual(['2', '4', '5', '7', '8']);
    expect(cursor).toBe('8');
  });

  it('a full backlog is taken oldest first in pages of the limit', async () => {
    const { fake, adapter } = await setUp();
    for (let i = 0; i < 7; i += 1)
      fake.addPayment({ uid: 1, amountKopecks: 100, method: 0, datetime: '2026-03-01 10:00:00' });
    const pages: string[][] = [];
    let cursor: string | undefined;
    for (let polls = 0; polls < 5; polls += 1) {
      const page = await adapter.paymentsAfter(cursor, 3);
      if (page.payments.length === 0) break;
      pages.push(page.payments.map((p) => p.billingPaymentId));
      cursor = page.cursor;
    }
    // Each page is the complete oldest id range it found (not necessarily `limit` long).
    expect(pages.flat()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(3);
  });

  it('a refund entered as a negative payment gets no receipt, the cursor passes it', async () => {
    const { fake, adapter } = await setUp();
    fake.addPayment({ uid: 1, amountKopecks: -500, method: 0, datetime: '2026-03-01 10:00:00' });
    fake.addPayment({ uid: 1, amountKopecks: 700, method: 0, datetime: '2026-03-01 10:05:00' });
    const page = await adapter.paymentsAfter(undefined, 10);
    expect(page.payments.map((p) => p.amountKopecks)).toEqual([700]);
    expect(page.cursor).toBe('2');
  });
});
