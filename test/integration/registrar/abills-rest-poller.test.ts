// A poller over the ABillS REST API, set up through the box's own API as a technician would: a billing
// connection of kind abills (KEY header, poll_methods), a poller, a poll. ABillS answers newest first,
// so the adapter pages by id ranges and a page may be shorter than asked: the poller still goes on to
// the end in one run, takes only the methods asked for, and each payment once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBillingOrganization } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { type AbillsRestFake, startAbillsRestFake } from '../../helpers/billing-fakes/abills-rest-fake.ts';

let api: TestApi;
let abills: AbillsRestFake;
let sourceId: number;

beforeEach(async () => {
  abills = await startAbillsRestFake({
    users: [
      { uid: 1, login: 'ivanov' },
      { uid: 2, login: 'petrov' },
    ],
  });
  api = await startTestApi();
  ({ sourceId } = await createBillingOrganization(api, { source: 'ABillS' }));
});

afterEach(async () => {
  await api.deps.pollers.stop();
  await api.deps.billing.close();
  await api.close();
  await abills.close();
});

describe('ABillS REST poller', () => {
  it('takes every payment of the polled methods once, across short pages, through the API', async () => {
    const at = (minute: number) => `2026-11-22 10:${String(minute).padStart(2, '0')}:00`;
    // 250 payments: methods 2 (bank), 6 (terminal), 0 (cash, not polled) in turn.
    for (let i = 0; i < 250; i++) {
      abills.addPayment({
        uid: 1 + (i % 2),
        amountKopecks: 10_000 + i,
        method: [2, 6, 0][i % 3]!,
        datetime: at(i % 60),
      });
    }
    const connection = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-connections',
      payload: {
        name: 'ABillS',
        kind: 'abills',
        settings: {
          url: abills.url,
          account_field: 'login',
          payment_method: 2,
          poll_methods: [2, 6],
          cash_methods: [0],
        },
        secrets: { api_key: abills.apiKey },
      },
    });
    expect(connection.statusCode, connection.body).toBe(201);
    const poller = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-pollers',
      payload: { source_id: sourceId, billing_connection_id: connection.json().id },
    });
    expect(poller.statusCode, poller.body).toBe(201);

    const ran = await api.asAdmin({ method: 'POST', url: `/api/v1/billing-pollers/${poller.json().id}/run` });
    const polled = abills.payments().filter((p) => p.method !== 0);
    expect(ran.json()).toEqual({ accepted: polled.length, cursor: String(polled.at(-1)!.id), error: null });
    const stored = api.deps.db
      .prepare('SELECT external_id, account, amount_kopecks FROM payment WHERE source_id = ? ORDER BY id')
      .all(sourceId);
    expect(stored).toEqual(
      polled.map((p) => ({
        external_id: String(p.id),
        account: p.uid === 1 ? 'ivanov' : 'petrov',
        amount_kopecks: p.amountKopecks,
      })),
    );
    expect(abills.requests().every((request) => request.headers.key === abills.apiKey)).toBe(true);

    const again = await api.asAdmin({
      method: 'POST',
      url: `/api/v1/billing-pollers/${poller.json().id}/run`,
    });
    expect(again.json()).toMatchObject({ accepted: 0, error: null });

    // The connection cannot be removed while the poller uses it.
    const removed = await api.asAdmin({
      method: 'DELETE',
      url: `/api/v1/billing-connections/${connection.json().id}`,
    });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().error.code).toBe('in_use');
  });

  it('records a wrong API key as the poll error and accepts nothing', async () => {
    abills.addPayment({ uid: 1, amountKopecks: 5_000, method: 2, datetime: '2026-11-22 10:00:00' });
    const connection = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-connections',
      payload: {
        name: 'ABillS',
        kind: 'abills',
        settings: { url: abills.url, account_field: 'login', payment_method: 2 },
        secrets: { api_key: 'not-the-key' },
      },
    });
    const poller = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-pollers',
      payload: { source_id: sourceId, billing_connection_id: connection.json().id },
    });
    const ran = await api.asAdmin({ method: 'POST', url: `/api/v1/billing-pollers/${poller.json().id}/run` });
    expect(ran.json().accepted).toBe(0);
    expect(ran.json().cursor).toBeNull();
    expect(ran.json().error).toMatch(/401|denied|key/i);
    expect(ran.body).not.toContain('not-the-key');
  });
});
