// The LANBilling SOAP adapter against a LANBilling-shaped SOAP fake over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import {
  LanbillingSoapAdapter,
  type LanbillingSoapSettings,
} from '../../../drivers/billing/lanbilling-soap.ts';
import { billingError } from '../../helpers/billing-error.ts';
import {
  type LanbillingSoapFake,
  startLanbillingSoapFake,
} from '../../helpers/billing-fakes/lanbilling-soap-fake.ts';

const AGREEMENTS = [
  { number: '100200', name: 'Сидоров & сын', balanceKopecks: -2_050 },
  { number: '100300', closedOn: '2025-12-31' },
];
const PAID_AT = new Date('2026-03-01T09:30:15Z');

let fake: LanbillingSoapFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(settings: Partial<LanbillingSoapSettings> = {}, password?: string) {
  fake = await startLanbillingSoapFake({ agreements: structuredClone(AGREEMENTS) });
  const adapter = new LanbillingSoapAdapter(
    { url: fake.url, login: fake.login, account_search: 5, timeout_ms: 2000, ...settings },
    { password: password ?? fake.password },
  );
  return { fake, adapter };
}

function pay(key: string, amountKopecks = 12_345, account = '100200') {
  return { idempotencyKey: key, account, amountKopecks, paidAt: PAID_AT, comment: 'OSMP <txn> 9' };
}

describe('LanbillingSoapAdapter', () => {
  it('logs in once and finds an agreement with its holder and balance', async () => {
    const { fake, adapter } = await setUp();
    expect(await adapter.findAccount('100200')).toEqual({
      found: true,
      account: { account: '100200', name: 'Сидоров & сын', balanceKopecks: -2_050 },
    });
    expect(await adapter.findAccount('999')).toMatchObject({ found: false, reason: 'not_found' });
    expect(await adapter.findAccount('100300')).toMatchObject({ found: false, reason: 'inactive' });
    expect(fake.operations()).toEqual(['Login', 'GetExternAccount', 'GetExternAccount', 'GetExternAccount']);
    const request = fake.requests()[1]!;
    expect(request.headers.cookie).toMatch(/^sessnum=/);
    expect(request.body).toContain(
      '<api:GetExternAccount><id>5</id><str>100200</str></api:GetExternAccount>',
    );
  });

  it('posts ExternPayment with the receipt as the key; a repeat answers the first record_id', async () => {
    const { fake, adapter } = await setUp({ class_id: 3 });
    const first = await adapter.postPayment(pay('800001'));
    expect(first).toEqual({
      billingPaymentId: '501',
      idempotencyKey: '800001',
      account: '100200',
      amountKopecks: 12_345,
    });
    expect(fake.payments()[0]).toMatchObject({
      amountKopecks: 12_345,
      receipt: '800001',
      paydate: '2026-03-01 12:30:15',
      comment: 'OSMP <txn> 9',
      classid: '3',
    });
    expect(await adapter.postPayment(pay('800001'))).toEqual(first);
    expect(fake.payments()).toHaveLength(1);
    expect(await adapter.getPayment('800001')).toEqual(first);
    expect(await adapter.getPayment('800002')).toBeUndefined();
  });

  it('an unknown agreement is rejected; a lost answer is outcomeKnown false and found afterwards', async () => {
    const { fake, adapter } = await setUp();
    expect((await billingError(adapter.postPayment(pay('800003', 100, '555')))).kind).toBe('rejected');
    fake.loseNextPayAnswer();
    expect(await billingError(adapter.postPayment(pay('800004', 700)))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: false,
    });
    expect(await adapter.getPayment('800004')).toMatchObject({ billingPaymentId: '501', amountKopecks: 700 });
  });

  it('logs in again when lbcore forgot the session', async () => {
    const { fake, adapter } = await setUp();
    await adapter.findAccount('100200');
    fake.expireSessions();
    expect((await adapter.postPayment(pay('800005'))).billingPaymentId).toBe('501');
    expect(fake.operations()).toEqual([
      'Login',
      'GetExternAccount',
      'ExternPayment',
      'Login',
      'ExternPayment',
    ]);
    expect(fake.payments()).toHaveLength(1);
  });

  it('a wrong password is unavailable and does not show the password', async () => {
    const { adapter } = await setUp({}, 'wrong-pass-123');
    const error = await billingError(adapter.findAccount('100200'));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('check the login and password');
    expect(error.message).not.toContain('wrong-pass-123');
  });

  it('down, slow and garbage', async () => {
    const { fake, adapter } = await setUp({ timeout_ms: 300 });
    await fake.down('refuse');
    expect(await billingError(adapter.postPayment(pay('800006')))).toMatchObject({
      kind: 'unavailable',
      outcomeKnown: true,
    });
    await fake.up();
    await fake.down('temporary');
    expect((await billingError(adapter.findAccount('100200'))).message).toContain('HTTP 503');
    await fake.up();
    await adapter.findAccount('100200');
    fake.delay(800, (request) => request.body.includes('ExternPayment'));
    expect(await billingError(adapter.postPayment(pay('800007')))).toMatchObject({ outcomeKnown: false });
    fake.delay(0);
    fake.replyWith({ status: 200, body: '<html>nginx</html>', contentType: 'text/html' });
    expect((await billingError(adapter.findAccount('100200'))).message).toContain('not a SOAP envelope');
  });

  it('close() logs out', async () => {
    const { fake, adapter } = await setUp();
    await adapter.findAccount('100200');
    await adapter.close();
    expect(fake.operations().at(-1)).toBe('Logout');
    await adapter.close();
    expect(fake.operations().filter((op) => op === 'Logout')).toHaveLength(1);
  });
});
