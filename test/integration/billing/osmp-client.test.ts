// The OSMP client against a QIWI-provider fake over real HTTP: what each answer means for the box.
import { afterEach, describe, expect, it } from 'vitest';
import { OsmpClientAdapter } from '../../../drivers/billing/osmp-client.ts';
import { billingError } from '../../helpers/billing-error.ts';
import {
  type QiwiProviderFake,
  startQiwiProviderFake,
} from '../../helpers/billing-fakes/qiwi-provider-fake.ts';

const ACCOUNTS = [
  { account: '1001', name: 'Иванов И. И.', balanceKopecks: 15_050 },
  { account: '1002', active: false },
];
const PAID_AT = new Date('2026-03-01T09:30:15Z');

let fake: QiwiProviderFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(options: Parameters<typeof startQiwiProviderFake>[0] = {}, timeoutMs = 2000) {
  fake = await startQiwiProviderFake({ accounts: ACCOUNTS, ...options });
  return { fake, adapter: new OsmpClientAdapter({ url: fake.url, timeout_ms: timeoutMs }) };
}

function pay(key: string, amountKopecks = 12_345, account = '1001') {
  return { idempotencyKey: key, account, amountKopecks, paidAt: PAID_AT, comment: 'test' };
}

describe('OsmpClientAdapter.findAccount', () => {
  it('finds an active account with the name and balance from the check comment', async () => {
    const { fake, adapter } = await setUp();
    expect(await adapter.findAccount('1001')).toEqual({
      found: true,
      account: { account: '1001', name: 'Иванов И. И.', balanceKopecks: 15_050 },
    });
    const query = new URL(fake.requests()[0]!.url, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toEqual({
      command: 'check',
      txn_id: '1',
      account: '1001',
      sum: '1.00',
    });
    expect(fake.payments()).toEqual([]);
  });

  it('maps 5, 79 and 4 to not_found, inactive and bad_format', async () => {
    const { adapter } = await setUp();
    expect(await adapter.findAccount('9999')).toMatchObject({ found: false, reason: 'not_found' });
    expect(await adapter.findAccount('1002')).toMatchObject({ found: false, reason: 'inactive' });
    const bad = await adapter.findAccount('12-34');
    expect(bad).toMatchObject({ found: false, reason: 'bad_format' });
    expect(bad.found === false && bad.message).toContain('result 4');
  });

  it('a billing answering 1 (temporary) is unavailable', async () => {
    const { fake, adapter } = await setUp();
    await fake.down('temporary');
    expect((await billingError(adapter.findAccount('1001'))).kind).toBe('unavailable');
  });
});

describe('OsmpClientAdapter.postPayment', () => {
  it('posts with txn_id, txn_date in Moscow time and the sum in rubles, and a repeat is the same payment', async () => {
    const { fake, adapter } = await setUp();
    const first = await adapter.postPayment(pay('500001', 12_345));
    expect(first).toEqual({
      billingPaymentId: '1001',
      idempotencyKey: '500001',
      account: '1001',
      amountKopecks: 12_345,
    });
    const query = Object.fromEntries(new URL(fake.requests()[0]!.url, 'http://x').searchParams);
    expect(query).toEqual({
      command: 'pay',
      txn_id: '500001',
      txn_date: '20260301123015',
      account: '1001',
      sum: '123.45',
    });
    expect(await adapter.postPayment(pay('500001', 12_345))).toEqual(first);
    expect(fake.payments()).toHaveLength(1);
  });

  it('a repeat the billing recorded with another sum is refused, not taken for this payment', async () => {
    const { adapter } = await setUp();
    await adapter.postPayment(pay('500002', 10_000));
    const error = await billingError(adapter.postPayment(pay('500002', 20_000)));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('100.00');
  });

  it('refuses a non-digit key without calling the billing', async () => {
    const { fake, adapter } = await setUp();
    expect((await billingError(adapter.postPayment(pay('abc')))).kind).toBe('rejected');
    expect(fake.requests()).toEqual([]);
  });

  it('an unknown or inactive account is rejected for good', async () => {
    const { fake, adapter } = await setUp();
    expect((await billingError(adapter.postPayment(pay('500003', 100, '9999')))).kind).toBe('rejected');
    expect((await billingError(adapter.postPayment(pay('500004', 100, '1002')))).message).toContain('79');
    expect(fake.payments()).toEqual([]);
  });

  it('a lost answer is outcomeKnown false, and getPayment then finds the payment', async () => {
    const { fake, adapter } = await setUp();
    fake.loseNextPayAnswer();
    const error = await billingError(adapter.postPayment(pay('500005', 5_000)));
    expect(error).toMatchObject({ kind: 'unavailable', outcomeKnown: false });
    expect(await adapter.getPayment('500005')).toEqual({
      billingPaymentId: '1001',
      idempotencyKey: '500005',
      account: '1001',
      amountKopecks: 5_000,
    });
    expect(await adapter.getPayment('777')).toBeUndefined();
  });

  it('an answer slower than timeout_ms is outcomeKnown false', async () => {
    const { fake, adapter } = await setUp({}, 200);
    fake.delay(600);
    expect(await billingError(adapter.postPayment(pay('500006')))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: false,
    });
  });

  it('a refused connection is unavailable with a known outcome; up again, it posts', async () => {
    const { fake, adapter } = await setUp();
    await fake.down('refuse');
    expect(await billingError(adapter.postPayment(pay('500007')))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: true,
    });
    await fake.up();
    expect((await adapter.postPayment(pay('500007'))).billingPaymentId).toBe('1001');
  });

  it('a reset connection on pay is outcomeKnown false; on check it is simply unavailable', async () => {
    const { fake, adapter } = await setUp();
    await fake.down('reset');
    expect(await billingError(adapter.postPayment(pay('500008')))).toMatchObject({ outcomeKnown: false });
    expect(await billingError(adapter.findAccount('1001'))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: true,
    });
  });

  it('result 1 on pay is unavailable with a known outcome', async () => {
    const { fake, adapter } = await setUp();
    await fake.down('temporary');
    expect(await billingError(adapter.postPayment(pay('500009')))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: true,
    });
  });
});

describe('OsmpClientAdapter: garbage, status and auth', () => {
  it('an HTML page, broken XML or a response without result is a protocol error saying what was wrong', async () => {
    const { fake, adapter } = await setUp();
    fake.replyWith({ status: 200, body: '<html><body>Maintenance</body></html>', contentType: 'text/html' });
    expect((await billingError(adapter.findAccount('1001'))).message).toContain('no <response>');
    fake.replyWith({ status: 200, body: '<response><result>0</result>' });
    const broken = await billingError(adapter.postPayment(pay('500010')));
    expect(broken).toMatchObject({ kind: 'protocol', outcomeKnown: false });
    expect(broken.message).toContain('malformed');
    fake.replyWith({ status: 200, body: '<response><result>ok</result></response>' });
    expect((await billingError(adapter.findAccount('1001'))).message).toContain('<result> is not a code');
    fake.replyWith({ status: 200, body: 'Internal error' });
    expect((await billingError(adapter.findAccount('1001'))).message).toContain('not XML');
  });

  it('a billing that does not answer status gives undefined (re-posting the txn_id is safe)', async () => {
    const { adapter } = await setUp({ answersStatus: false });
    await adapter.postPayment(pay('500011'));
    expect(await adapter.getPayment('500011')).toBeUndefined();
  });

  it('sends Basic auth from the secrets; without them the billing refuses and the box keeps the payment', async () => {
    const basicAuth = { username: 'kassabox', password: 's3cret:pw' };
    fake = await startQiwiProviderFake({ accounts: ACCOUNTS, basicAuth });
    const url = fake.url;
    const withAuth = new OsmpClientAdapter({ url }, basicAuth);
    expect((await withAuth.findAccount('1001')).found).toBe(true);
    const without = new OsmpClientAdapter({ url });
    const error = await billingError(without.postPayment(pay('500012')));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('credentials');
    expect(error.message).not.toContain('s3cret');
    expect(fake.payments()).toEqual([]);
  });
});
