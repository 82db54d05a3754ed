// A Sberbank protocol №1 channel (research/billing.md §1.2): check with FIO and BALANCE, payment with
// EXT_ID/REG_DATE/AMOUNT, a repeat answered CODE 8 with the original values, the code table and the
// parameter case per channel, windows-1251 answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { ChannelBillingFake } from '../../helpers/channel-billing-fake.ts';
import {
  addBillingConnection,
  basicAuth,
  callChannel,
  createChannel,
  SBER_IP,
  xmlFields,
} from '../../helpers/channel-fixtures.ts';

let api: TestApi;
let billing: ChannelBillingFake;

const AUTH = { authorization: basicAuth('sber', 'sber-password-1') };
const PAYMENT = {
  ACTION: 'payment',
  ACCOUNT: '49578',
  AMOUNT: '340.24',
  PAY_ID: '123456789012',
  PAY_DATE: '12.06.2026_12:45:18',
};

function sber(params: Record<string, string>, slug = 'sber') {
  return callChannel(api.app, slug, params, { ip: SBER_IP, headers: AUTH });
}

function paymentCount(): number {
  return (api.deps.db.prepare('SELECT count(*) AS n FROM payment').get() as { n: number }).n;
}

beforeEach(async () => {
  billing = new ChannelBillingFake(['49578']);
  api = await startTestApi({ devices: { billingAdapterFor: () => billing } });
  const organizationId = await createOrganization(api);
  const sourceId = await createSource(api, organizationId, 'Сбербанк');
  await createChannel(api, {
    source_id: sourceId,
    slug: 'sber',
    protocol: 'sberbank',
    billing_connection_id: addBillingConnection(api.deps.db),
    allowed_ips: ['194.186.207.0/24', '194.54.14.0/24'],
    basic_username: 'sber',
    basic_password: 'sber-password-1',
  });
});

afterEach(async () => {
  await api.deps.channels.stop();
  await api.close();
});

describe('Sberbank channel', () => {
  it('check answers CODE 0 with FIO and BALANCE; an unknown account CODE 3; the billing down CODE 1', async () => {
    expect(xmlFields((await sber({ ACTION: 'check', ACCOUNT: '49578' })).body)).toMatchObject({
      CODE: '0',
      FIO: 'Иванов И. И.',
      BALANCE: '123.45',
    });
    expect(xmlFields((await sber({ ACTION: 'check', ACCOUNT: '1' })).body).CODE).toBe('3');
    billing.down = true;
    expect(xmlFields((await sber({ ACTION: 'check', ACCOUNT: '49578' })).body).CODE).toBe('1');
  });

  it('payment answers EXT_ID, REG_DATE, AMOUNT; the identical repeat CODE 8 with the same values, posted once', async () => {
    api.clock.advance(0);
    const first = xmlFields((await sber(PAYMENT)).body);
    expect(first).toMatchObject({ CODE: '0', AMOUNT: '340.24' });
    expect(first.EXT_ID).toMatch(/^\d+$/);
    // The test clock is 2026-11-22T10:00Z: 13:00 in Moscow.
    expect(first.REG_DATE).toBe('22.11.2026_13:00:00');
    api.clock.advance(5_000);
    const again = xmlFields((await sber(PAYMENT)).body);
    expect(again).toMatchObject({
      CODE: '8',
      EXT_ID: first.EXT_ID,
      REG_DATE: first.REG_DATE,
      AMOUNT: '340.24',
    });
    expect(billing.posts).toHaveLength(1);
    expect(paymentCount()).toBe(1);
    const payment = api.deps.stores.payments.findByExternalId(1, '123456789012');
    expect(payment?.paidAt).toBe('2026-06-12T09:45:18.000Z');
  });

  it('the same PAY_ID with another amount is refused with 300 and nothing is posted', async () => {
    await sber(PAYMENT);
    const answer = xmlFields((await sber({ ...PAYMENT, AMOUNT: '1.00' })).body);
    expect(answer.CODE).toBe('300');
    expect(answer.MESSAGE).toMatch(/уже получен/);
    expect(billing.posts).toHaveLength(1);
  });

  it('every bad parameter gets its code and a message naming it', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ ...PAYMENT, ACTION: 'cancel' }, '2', /ACTION/],
      [{ ...PAYMENT, ACCOUNT: '' }, '4', /ACCOUNT/],
      [{ ...PAYMENT, PAY_ID: '-5' }, '6', /PAY_ID/],
      [{ ...PAYMENT, PAY_ID: '0' }, '6', /PAY_ID/],
      [{ ...PAYMENT, AMOUNT: '340,24' }, '9', /AMOUNT/],
      [{ ...PAYMENT, PAY_DATE: '2026-06-12 12:45:18' }, '12', /PAY_DATE/],
      [{ ...PAYMENT, PAY_DATE: '31.06.2026_12:45:18' }, '12', /PAY_DATE/],
    ];
    for (const [params, code, message] of cases) {
      const answer = xmlFields((await sber(params)).body);
      expect(answer.CODE, JSON.stringify(params)).toBe(code);
      expect(answer.MESSAGE).toMatch(message);
    }
    expect(paymentCount()).toBe(0);
  });

  it('takes lower-case parameters, its own code table and answers in windows-1251 when set so', async () => {
    await api.asAdmin({
      method: 'PATCH',
      url: '/api/v1/channels/1',
      payload: {
        settings: {
          param_case: 'lower',
          encoding: 'windows-1251',
          codes: { duplicate: 5, amount_too_small: 7 },
        },
      },
    });
    const lower = Object.fromEntries(
      Object.entries(PAYMENT).map(([key, value]) => [key.toLowerCase(), value]),
    );
    const first = await sber(lower);
    expect(first.headers['content-type']).toContain('windows-1251');
    expect(first.rawPayload.toString('latin1')).toContain('encoding="windows-1251"');
    expect(xmlFields(first.body).CODE).toBe('0');
    const again = await sber(lower);
    expect(xmlFields(again.body).CODE).toBe('5');
    const check = await sber({ action: 'check', account: '49578' });
    const text = new TextDecoder('windows-1251').decode(check.rawPayload);
    expect(xmlFields(text).FIO).toBe('Иванов И. И.');
    // Upper-case names are now unknown: ACTION is missing.
    expect(xmlFields((await sber(PAYMENT)).body).CODE).toBe('2');
  });

  it('a billing slower than the deadline still gets an answer in time, and the payment is kept', async () => {
    await api.asAdmin({
      method: 'PATCH',
      url: '/api/v1/channels/1',
      payload: { settings: { deadline_ms: 500 } },
    });
    billing.delayMs = 1_500;
    const started = Date.now();
    const answer = xmlFields((await sber(PAYMENT)).body);
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(answer.CODE).toBe('0');
    expect(paymentCount()).toBe(1);
    billing.delayMs = 0;
    api.clock.advance(60_000);
    await api.deps.channels.loop.runOnce();
    expect(billing.payments.size).toBe(1);
  });
});
