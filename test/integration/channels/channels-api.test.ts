// The channels API (docs/api.md "Payment channels"): secrets write-only and masked in the audit,
// checks a schema cannot express, and removal only of a channel without transactions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { callChannel, createChannel } from '../../helpers/channel-fixtures.ts';

let api: TestApi;
let sourceId: number;

beforeEach(async () => {
  api = await startTestApi();
  sourceId = await createSource(api, await createOrganization(api), 'QIWI');
});

afterEach(async () => {
  await api.close();
});

describe('channels API', () => {
  it('creates a channel showing only whether secrets are set, and audits it masked', async () => {
    const response = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/channels',
      payload: {
        source_id: sourceId,
        slug: 'qiwi',
        protocol: 'osmp',
        allowed_ips: ['79.142.16.0/20'],
        basic_username: 'qiwi',
        basic_password: 'qiwi-password-1',
        secret: 'shared-secret-1',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      slug: 'qiwi',
      path: '/channel/qiwi',
      billing_connection_id: null,
      basic_password_set: true,
      secret_set: true,
      enabled: true,
      settings: {},
    });
    expect(response.body).not.toContain('qiwi-password-1');
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=channel' });
    expect(audit.body).toContain('channel.create');
    expect(audit.body).not.toContain('qiwi-password-1');
    expect(audit.body).not.toContain('shared-secret-1');

    const patched = await api.asAdmin({
      method: 'PATCH',
      url: '/api/v1/channels/1',
      payload: { secret: null },
    });
    expect(patched.json()).toMatchObject({ secret_set: false, basic_password_set: true });
    const list = await api.asAdmin({ method: 'GET', url: '/api/v1/channels' });
    expect(list.json().items).toHaveLength(1);
  });

  it('refuses an open channel, a bad CIDR, a bad pattern, a Sberbank-only setting on OSMP, a taken slug or source', async () => {
    const base = { source_id: sourceId, slug: 'qiwi', protocol: 'osmp', secret: 'shared-secret-1' };
    const cases: [object, number, string][] = [
      [{ ...base, secret: undefined }, 400, '/allowed_ips'],
      [{ ...base, allowed_ips: ['79.142.16.0/33'] }, 400, '/allowed_ips/0'],
      [{ ...base, settings: { account_pattern: '(' } }, 400, '/settings/account_pattern'],
      [{ ...base, settings: { encoding: 'windows-1251' } }, 400, '/settings/encoding'],
      [{ ...base, settings: { timezone: 'Mars/Olympus' } }, 400, '/settings/timezone'],
      [{ ...base, basic_username: 'x' }, 400, '/basic_password'],
      [{ ...base, billing_connection_id: 42 }, 400, '/billing_connection_id'],
      [{ ...base, source_id: 999 }, 400, '/source_id'],
    ];
    for (const [payload, status, path] of cases) {
      const response = await api.asAdmin({ method: 'POST', url: '/api/v1/channels', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().error.details[0].path).toBe(path);
    }
    const desk = await createSource(api, 1, 'Касса офиса');
    api.deps.db.prepare("UPDATE source SET kind = 'cash_desk' WHERE id = ?").run(desk);
    const cashDesk = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { ...base, source_id: desk },
    });
    expect(cashDesk.json().error.details[0]).toMatchObject({
      path: '/source_id',
      message: expect.stringMatching(/cash desk/),
    });

    await createChannel(api, base);
    const taken = await api.asAdmin({ method: 'POST', url: '/api/v1/channels', payload: base });
    expect(taken.json().error.code).toBe('conflict');
    const sameSource = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { ...base, slug: 'other' },
    });
    expect(sameSource.json().error.code).toBe('conflict');
  });

  it('removes a channel without transactions; one with transactions is in use', async () => {
    const id = await createChannel(api, {
      source_id: sourceId,
      slug: 'qiwi',
      protocol: 'osmp',
      allowed_ips: ['127.0.0.1'],
    });
    await callChannel(
      api.app,
      'qiwi',
      { command: 'pay', txn_id: '1', txn_date: '20261122120133', account: 'a1', sum: '1.00' },
      { ip: '127.0.0.1' },
    );
    const inUse = await api.asAdmin({ method: 'DELETE', url: `/api/v1/channels/${id}` });
    expect(inUse.json().error.code).toBe('in_use');
    const txns = await api.asAdmin({ method: 'GET', url: `/api/v1/channels/${id}/transactions?limit=10` });
    expect(txns.json().items).toEqual([
      expect.objectContaining({
        txn_id: '1',
        billing_state: 'not_needed',
        amount_kopecks: 100,
        payment_id: expect.any(Number),
      }),
    ]);

    const posted = await api.asAdmin({
      method: 'GET',
      url: `/api/v1/channels/${id}/transactions?state=posted`,
    });
    expect(posted.json().items).toEqual([]);

    const other = await createSource(api, 1, 'Сбербанк');
    const spare = await createChannel(api, {
      source_id: other,
      slug: 'sber',
      protocol: 'sberbank',
      secret: 'shared-secret-2',
    });
    expect((await api.asAdmin({ method: 'DELETE', url: `/api/v1/channels/${spare}` })).statusCode).toBe(204);
  });
});
