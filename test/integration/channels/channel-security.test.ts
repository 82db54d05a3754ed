// Who may call /channel/<slug> (issue 5 "Channel security"): the IP list, Basic auth and the shared
// secret, refused in the protocol's words; our own credentials (an admin session, a kbx_ token) open
// nothing; the secret never reaches the log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBillingOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { ChannelBillingFake } from '../../helpers/channel-billing-fake.ts';
import { basicAuth, callChannel, createChannel, QIWI_IP, xmlFields } from '../../helpers/channel-fixtures.ts';

let api: TestApi;
let token: string;
const SECRET = 'shared-secret-4f9a1c';
const PAY = { command: 'pay', txn_id: '77', txn_date: '20261122120133', account: '49578', sum: '10.00' };

function paymentCount(): number {
  return (api.deps.db.prepare('SELECT count(*) AS n FROM payment').get() as { n: number }).n;
}

beforeEach(async () => {
  api = await startTestApi({ devices: { billingAdapterFor: () => new ChannelBillingFake(['49578']) } });
  const billing = await createBillingOrganization(api, { source: 'api billing' });
  token = billing.token;
  const qiwiSource = await createSource(api, billing.organizationId, 'QIWI');
  await createChannel(api, {
    source_id: qiwiSource,
    slug: 'qiwi',
    protocol: 'osmp',
    allowed_ips: ['79.142.16.0/20', '91.232.230.0/23'],
    basic_username: 'qiwi',
    basic_password: 'qiwi-password-1',
    secret: SECRET,
  });
});

afterEach(async () => {
  await api.deps.channels.stop();
  await api.close();
});

const GOOD = { authorization: basicAuth('qiwi', 'qiwi-password-1') };

describe('channel security', () => {
  it('lets the configured caller in', async () => {
    const response = await callChannel(api.app, 'qiwi', { ...PAY, secret: SECRET }, { headers: GOOD });
    expect(response.statusCode).toBe(200);
    expect(xmlFields(response.body).result).toBe('0');
    // POST with the secret in the body, from the other QIWI range (and as IPv4-mapped IPv6).
    const posted = await callChannel(
      api.app,
      'qiwi',
      { ...PAY, txn_id: '78', secret: SECRET },
      { method: 'POST', ip: '::ffff:91.232.231.200', headers: GOOD },
    );
    expect(xmlFields(posted.body).result).toBe('0');
    expect(paymentCount()).toBe(2);
  });

  it('refuses a wrong address, user, password or secret with 403 and result 300', async () => {
    const attempts = [
      { params: { ...PAY, secret: SECRET }, ip: '10.0.0.1', headers: GOOD },
      {
        params: { ...PAY, secret: SECRET },
        ip: QIWI_IP,
        headers: { authorization: basicAuth('qiwi', 'wrong') },
      },
      {
        params: { ...PAY, secret: SECRET },
        ip: QIWI_IP,
        headers: { authorization: basicAuth('other', 'qiwi-password-1') },
      },
      { params: { ...PAY, secret: SECRET }, ip: QIWI_IP, headers: {} },
      { params: { ...PAY, secret: 'wrong-secret-123' }, ip: QIWI_IP, headers: GOOD },
      { params: PAY, ip: QIWI_IP, headers: GOOD },
    ];
    for (const attempt of attempts) {
      const response = await callChannel(api.app, 'qiwi', attempt.params, {
        ip: attempt.ip,
        headers: attempt.headers,
      });
      expect(response.statusCode, JSON.stringify(attempt)).toBe(403);
      expect(xmlFields(response.body)).toMatchObject({ result: '300', comment: 'доступ запрещён' });
    }
    expect(paymentCount()).toBe(0);
  });

  it('stops an address that keeps guessing, before any scrypt, without shutting the channel out elsewhere', async () => {
    const wrong = { authorization: basicAuth('qiwi', 'guess') };
    for (let i = 0; i < 20; i++)
      await callChannel(api.app, 'qiwi', { ...PAY, secret: SECRET }, { headers: wrong });
    const right = await callChannel(api.app, 'qiwi', { ...PAY, secret: SECRET }, { headers: GOOD });
    expect(right.statusCode).toBe(403);
    expect(api.logText()).toContain('too many wrong credentials');
    const elsewhere = await callChannel(
      api.app,
      'qiwi',
      { ...PAY, secret: SECRET },
      { ip: '79.142.17.1', headers: GOOD },
    );
    expect(xmlFields(elsewhere.body).result).toBe('0');
    api.clock.advance(15 * 60_000);
    const later = await callChannel(api.app, 'qiwi', { ...PAY, secret: SECRET }, { headers: GOOD });
    expect(xmlFields(later.body).result).toBe('0');
  });

  it('an admin session cookie or a kbx_ API token opens nothing', async () => {
    const session = await api.loginAdmin();
    const asAdmin = await callChannel(api.app, 'qiwi', PAY, { headers: session });
    expect(asAdmin.statusCode).toBe(403);
    const asSource = await callChannel(api.app, 'qiwi', PAY, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asSource.statusCode).toBe(403);
    expect(xmlFields(asSource.body).result).toBe('300');
    expect(paymentCount()).toBe(0);
  });

  it('an unknown channel answers 404 in XML, never our JSON', async () => {
    const response = await callChannel(api.app, 'nope', PAY, { headers: GOOD });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/xml');
    expect(xmlFields(response.body).result).toBe('300');
  });

  it('a malformed body is answered in XML too', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/channel/qiwi',
      remoteAddress: QIWI_IP,
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('text/xml');
  });

  it('never writes the secret or the Basic password to the log', async () => {
    await callChannel(api.app, 'qiwi', { ...PAY, secret: SECRET }, { headers: GOOD });
    await callChannel(api.app, 'qiwi', { ...PAY, secret: SECRET }, { ip: '10.0.0.1', headers: GOOD });
    await callChannel(api.app, 'qiwi', { ...PAY, secret: `${SECRET}x` }, { headers: GOOD });
    const log = api.logText();
    expect(log).toContain('channel notification');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain('qiwi-password-1');
    expect(log).not.toContain(Buffer.from('qiwi:qiwi-password-1').toString('base64'));
  });
});
