// ATOL Online v4 endpoints over the real app (fastify inject, real SQLite): tokens, registration,
// idempotency on external_id, reports while the job waits, and every refusal in ATOL's error shape —
// also for callers holding our own credentials (an admin session, a kbx_ token) but no ATOL token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingOrganization, createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { atolSellBody } from '../../helpers/atol-online-client.ts';

const GROUP = 'isp-main';
const LOGIN = 'isp-login';
const PASSWORD = 'atol-secret-1';

describe('ATOL Online v4 endpoints', () => {
  let api: TestApi;
  let sourceId: number;
  let kbxToken: string;

  async function getToken(login = LOGIN, pass = PASSWORD) {
    return api.app.inject({ method: 'POST', url: '/possystem/v4/getToken', payload: { login, pass } });
  }
  async function token(): Promise<string> {
    const response = await getToken();
    expect(response.statusCode, response.body).toBe(200);
    return response.json().token;
  }
  function post(url: string, body: unknown, headers: Record<string, string> = {}) {
    return api.app.inject({ method: 'POST', url, payload: body as object, headers });
  }
  // biome-ignore lint/suspicious/noExplicitAny: the JSON body, as app.inject types it
  function expectAtolError(response: { statusCode: number; json(): any }, status: number, code: number) {
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.error).toMatchObject({ code, type: 'system' });
    expect(body.error.error_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof body.error.text).toBe('string');
    expect(body.timestamp).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    // Never our /api/v1 error shape.
    expect(body.error.message).toBeUndefined();
    return body;
  }

  beforeAll(async () => {
    api = await startTestApi();
    const billing = await createBillingOrganization(api, { source: 'ISP billing' });
    sourceId = billing.sourceId;
    kbxToken = billing.token;
    const created = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/atol-groups',
      payload: { source_id: sourceId, group_code: GROUP, login: LOGIN, password: PASSWORD },
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(async () => api?.close());

  it('getToken answers a token by POST JSON and by GET query, and refuses a wrong password with 12', async () => {
    const posted = await getToken();
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toEqual({ error: null, token: expect.any(String), timestamp: expect.any(String) });
    const got = await api.app.inject({
      method: 'GET',
      url: `/possystem/v4/getToken?login=${LOGIN}&pass=${PASSWORD}`,
    });
    expect(got.statusCode).toBe(200);
    expect(got.json().token).not.toBe(posted.json().token);

    expectAtolError(await getToken(LOGIN, 'wrong password'), 401, 12);
    expectAtolError(await getToken('nobody', PASSWORD), 401, 12);
    expectAtolError(await post('/possystem/v4/getToken', { login: LOGIN }), 400, 32);
    expect(api.logText()).not.toContain(PASSWORD);
    expect(api.logText()).not.toContain(posted.json().token);
  });

  it('blocks an address after 20 wrong passwords with 14, then lets it in again after 15 minutes', async () => {
    // The first test already spent 2 of the 20 failures allowed in 15 minutes.
    for (let i = 0; i < 18; i++) expectAtolError(await getToken(LOGIN, `guess ${i}`), 401, 12);
    expectAtolError(await getToken(LOGIN, 'one more guess'), 403, 14);
    // Blocked: even the right password.
    expectAtolError(await getToken(), 403, 14);
    api.clock.advance(15 * 60 * 1000);
    expect((await getToken()).statusCode).toBe(200);
  });

  it('registers a sell: wait with a uuid, one payment with the receipt as sent, report wait', async () => {
    const t = await token();
    const response = await post(`/possystem/v4/${GROUP}/sell`, atolSellBody('pay-1'), { token: t });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'wait',
      error: null,
      timestamp: expect.any(String),
    });

    const payment = api.deps.payments.views.byExternalId(sourceId, 'pay-1')!;
    expect(payment.payment).toMatchObject({
      amountKopecks: 159999,
      method: 'electronic',
      customerContact: 'customer@example.ru',
    });
    expect(JSON.parse(payment.job!.documentJson)).toMatchObject({
      operation: 'income',
      taxSystem: 'usn_income',
      items: [
        {
          name: 'Оплата услуг связи',
          priceKopecks: 159999,
          quantity: 1,
          vat: 'none',
          paymentMethod: 'full_prepayment',
          paymentObject: 'service',
        },
      ],
      payments: { cashKopecks: 0, electronicKopecks: 159999 },
      customerContact: 'customer@example.ru',
    });

    const report = await api.app.inject({
      method: 'GET',
      url: `/possystem/v4/${GROUP}/report/${answer.uuid}`,
      headers: { token: t },
    });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      uuid: answer.uuid,
      status: 'wait',
      error: null,
      payload: null,
      group_code: GROUP,
      external_id: 'pay-1',
      callback_url: 'https://billing.example/atol-callback',
    });
    // The token may also come as ?token= (ATOL accepts both).
    const byQuery = await api.app.inject({
      method: 'GET',
      url: `/possystem/v4/${GROUP}/report/${answer.uuid}?token=${t}`,
    });
    expect(byQuery.statusCode).toBe(200);
    expect(api.logText()).not.toContain(t);
  });

  it("books every document of a group to its source's organization, whatever the source's account rules say", async () => {
    // A rule that would catch the document's contact and its external_id if ATOL documents had accounts.
    const other = await createOrganization(api, 'ИП Другой');
    const rules = await api.asAdmin({
      method: 'PUT',
      url: `/api/v1/sources/${sourceId}/organization-rules`,
      payload: {
        items: [
          { match: 'prefix', value: 'rules-', organization_id: other },
          { match: 'exact', value: 'routed@example.ru', organization_id: other },
        ],
      },
    });
    expect(rules.statusCode, rules.body).toBe(200);
    try {
      const body = atolSellBody('rules-1');
      body.receipt.client.email = 'routed@example.ru';
      const response = await post(`/possystem/v4/${GROUP}/sell`, body, { token: await token() });
      expect(response.statusCode, response.body).toBe(200);
      const payment = api.deps.payments.views.byExternalId(sourceId, 'rules-1')!;
      const source = api.deps.sources.get(sourceId);
      expect(payment.job!.organizationId).toBe(source.organizationId);
    } finally {
      await api.asAdmin({
        method: 'PUT',
        url: `/api/v1/sources/${sourceId}/organization-rules`,
        payload: { items: [] },
      });
    }
  });

  it('plans a callback with the report for a finished document that named a callback_url, none otherwise', async () => {
    const t = await token();
    const withUrl = await post(`/possystem/v4/${GROUP}/sell`, atolSellBody('cb-1', 10), { token: t });
    const without = atolSellBody('cb-2', 10) as Record<string, unknown>;
    delete without.service;
    expect((await post(`/possystem/v4/${GROUP}/sell`, without, { token: t })).statusCode).toBe(200);
    const planner = api.deps.atolOnline.callbackPlanner;
    const finished = (externalId: string) => ({
      paymentId: api.deps.payments.views.byExternalId(sourceId, externalId)!.payment.id,
      sourceId,
      externalId,
      outcome: 'failed' as const,
    });
    const [planned, ...more] = planner(finished('cb-1'));
    expect(more).toEqual([]);
    expect(planned).toMatchObject({ kind: 'atol_callback', url: 'https://billing.example/atol-callback' });
    expect(JSON.parse(planned!.bodyJson!)).toMatchObject({
      uuid: withUrl.json().uuid,
      external_id: 'cb-1',
      group_code: GROUP,
    });
    expect(planner(finished('cb-2'))).toEqual([]);
  });

  it('a resubmit of the same external_id answers the same uuid and makes no second payment', async () => {
    const t = await token();
    const first = await post(`/possystem/v4/${GROUP}/sell`, atolSellBody('pay-2', 500), { token: t });
    // A retry after a lost answer: another timestamp, same receipt.
    const again = await post(
      `/possystem/v4/${GROUP}/sell`,
      { ...atolSellBody('pay-2', 500), timestamp: '22.11.2026 13:05:00' },
      { token: t },
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().uuid).toBe(first.json().uuid);
    const { total } = api.deps.payments.views.list({
      sourceId,
      externalId: 'pay-2',
      limit: 10,
      offset: 0,
    } as never);
    expect(total).toBe(1);
  });

  it('another content under a known external_id is refused with 33 and changes nothing', async () => {
    const t = await token();
    const first = await post(`/possystem/v4/${GROUP}/sell`, atolSellBody('pay-3', 100), { token: t });
    expect(first.statusCode).toBe(200);
    const other = await post(`/possystem/v4/${GROUP}/sell`, atolSellBody('pay-3', 200), { token: t });
    const body = expectAtolError(other, 400, 33);
    expect(body.status).toBe('fail');
    expect(body.uuid).toBeUndefined();
    expect(body.error.text).toContain('pay-3');
    const refund = await post(`/possystem/v4/${GROUP}/sell_refund`, atolSellBody('pay-3', 100), { token: t });
    expectAtolError(refund, 400, 33);
    expect(api.deps.payments.views.byExternalId(sourceId, 'pay-3')!.payment.amountKopecks).toBe(10000);
  });

  it('a token expires after 24 hours (11) and works for its own group only (20)', async () => {
    const t = await token();
    // A second group on another source: its code with our token is refused.
    const organizationId = await createOrganization(api, 'ООО «Другая»');
    const otherSource = await createSource(api, organizationId, 'other billing');
    const other = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/atol-groups',
      payload: {
        source_id: otherSource,
        group_code: 'other-group',
        login: 'other-login',
        password: 'other-secret-1',
      },
    });
    expect(other.statusCode, other.body).toBe(201);
    expectAtolError(await post('/possystem/v4/other-group/sell', atolSellBody('x-1'), { token: t }), 401, 20);
    expectAtolError(
      await post('/possystem/v4/no-such-group/sell', atolSellBody('x-1'), { token: t }),
      401,
      20,
    );

    api.clock.advance(24 * 60 * 60 * 1000 - 1000);
    expect((await post(`/possystem/v4/${GROUP}/sell`, atolSellBody('x-2'), { token: t })).statusCode).toBe(
      200,
    );
    api.clock.advance(1000);
    expectAtolError(await post(`/possystem/v4/${GROUP}/sell`, atolSellBody('x-3'), { token: t }), 401, 11);
    expect(api.deps.payments.views.byExternalId(sourceId, 'x-3')).toBeUndefined();
  });

  it('refuses callers without an ATOL token in ATOL shape, also with an admin session or a kbx_ token', async () => {
    const admin = await api.loginAdmin();
    const url = `/possystem/v4/${GROUP}/sell`;
    expectAtolError(await post(url, atolSellBody('anon-1')), 401, 10);
    expectAtolError(await post(url, atolSellBody('anon-2'), { ...admin }), 401, 10);
    expectAtolError(
      await post(url, atolSellBody('anon-3'), { authorization: `Bearer ${kbxToken}` }),
      401,
      10,
    );
    expectAtolError(await post(url, atolSellBody('anon-4'), { token: kbxToken }), 401, 10);
    expectAtolError(await post(url, atolSellBody('anon-5'), { token: 'made-up' }), 401, 10);
    const report = await api.app.inject({
      method: 'GET',
      url: `/possystem/v4/${GROUP}/report/00000000-0000-0000-0000-000000000000`,
      headers: { ...admin },
    });
    expectAtolError(report, 401, 10);
    for (const id of ['anon-1', 'anon-2', 'anon-3', 'anon-4', 'anon-5']) {
      expect(api.deps.payments.views.byExternalId(sourceId, id)).toBeUndefined();
    }
  });

  it('answers bad JSON (40), a wrong content type (41), an unknown operation (31) and an unknown uuid (30) in ATOL shape', async () => {
    const t = await token();
    const badJson = await api.app.inject({
      method: 'POST',
      url: `/possystem/v4/${GROUP}/sell`,
      headers: { token: t, 'content-type': 'application/json' },
      payload: '{"external_id": ',
    });
    expectAtolError(badJson, 400, 40);
    const text = await api.app.inject({
      method: 'POST',
      url: `/possystem/v4/${GROUP}/sell`,
      headers: { token: t, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expectAtolError(text, 415, 41);
    expectAtolError(
      await post(`/possystem/v4/${GROUP}/sell_refund_correction`, atolSellBody('op-1'), { token: t }),
      400,
      31,
    );
    const unknown = await api.app.inject({
      method: 'GET',
      url: `/possystem/v4/${GROUP}/report/nope`,
      headers: { token: t },
    });
    expect(expectAtolError(unknown, 400, 30).status).toBe('fail');
    // A URL the protocol does not have (a base URL without its final slash): ATOL's JSON, 404.
    const wrongUrl = await post(`/possystem/v4/${GROUP}/sell/`, {});
    expect([wrongUrl.statusCode, wrongUrl.json().error.code]).toEqual([404, 40]);
    const wrongGet = await api.app.inject({ method: 'GET', url: `/possystem/v4/${GROUP}/report` });
    expect([wrongGet.statusCode, wrongGet.json().error.code]).toEqual([404, 40]);
  });

  it('answers its own failure with 50 in ATOL shape and keeps the details in the log only', async () => {
    const t = await token();
    const protocol = api.deps.atolOnline.protocol;
    const original = protocol.report;
    protocol.report = () => {
      throw new Error('disk on fire');
    };
    try {
      const response = await api.app.inject({
        method: 'GET',
        url: `/possystem/v4/${GROUP}/report/x`,
        headers: { token: t },
      });
      expectAtolError(response, 500, 50);
      expect(response.body).not.toContain('disk on fire');
      expect(api.logText()).toContain('disk on fire');
    } finally {
      protocol.report = original;
    }
  });

  it('refuses a receipt with wrong fields with 32 naming each, and accepts nothing', async () => {
    const t = await token();
    const body = atolSellBody('bad-1', 10.005);
    body.receipt.company.inn = '7728168971';
    body.receipt.payments = [{ type: 2, sum: 10 }];
    const response = await post(`/possystem/v4/${GROUP}/sell`, body, { token: t });
    const answer = expectAtolError(response, 400, 32);
    expect(answer.status).toBe('fail');
    expect(answer.error.text).toContain('#/receipt/items/0/price');
    expect(answer.error.text).toContain('#/receipt/company/inn');
    expect(answer.error.text).toContain('#/receipt/payments/0/type');
    expect(api.deps.payments.views.byExternalId(sourceId, 'bad-1')).toBeUndefined();
  });
});
