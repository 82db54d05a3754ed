// Results back: a finished payment is planned once per outcome (even after a restart: the planner's
// cursor is durable), its source's callback is POSTed signed with the source's secret, a receiver that
// is down is retried with backoff until it answers, and a fiscalized payment is marked in the billing.
// Real SQLite file, fastify inject, a callback receiver on 127.0.0.1, a fake billing adapter; jobs are
// finished through the pipeline's own completion (completeJob) instead of a device.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeJob } from '../../../app/pipeline/job-completion.ts';
import { Results } from '../../../app/results/results.ts';
import { createBillingOrganization, createRegister } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { FakeBillingAdapter } from '../../helpers/fake-billing-adapter.ts';
import { type HttpFake, startHttpFake } from '../../helpers/notification-fakes.ts';

const SECRET = 'callback-secret-0123456789';
const MINUTE = 60_000;

let api: TestApi;
let billing: FakeBillingAdapter;
let receiver: HttpFake;
let sourceId: number;
let registerId: number;
let pollerId: number;

beforeEach(async () => {
  billing = new FakeBillingAdapter();
  receiver = await startHttpFake();
  api = await startTestApi({ devices: { billingAdapterFor: () => billing } });
  const created = await createBillingOrganization(api, { source: 'ABillS' });
  sourceId = created.sourceId;
  registerId = await createRegister(api, {
    organization_id: created.organizationId,
    name: 'Касса 1',
    host: '127.0.0.1',
    port: 9,
  });
  const now = new Date().toISOString();
  const connectionId = Number(
    api.deps.db
      .prepare(
        `INSERT INTO billing_connection (name, kind, settings_json, secrets_json, created_at, updated_at)
         VALUES ('ABillS', 'sql', '{}', '{}', ?, ?)`,
      )
      .run(now, now).lastInsertRowid,
  );
  const poller = await api.asAdmin({
    method: 'POST',
    url: '/api/v1/billing-pollers',
    payload: { source_id: sourceId, billing_connection_id: connectionId },
  });
  pollerId = poller.json().id;
});

afterEach(async () => {
  await api.deps.results.stop();
  await api.close();
  await receiver.close();
});

async function putTarget(payload: object) {
  const response = await api.asAdmin({
    method: 'PUT',
    url: `/api/v1/sources/${sourceId}/result-target`,
    payload,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Billing payments polled in; answers their payment ids in the box. */
async function pollPayments(count: number): Promise<number[]> {
  const added = billing.add(count);
  const ran = await api.asAdmin({ method: 'POST', url: `/api/v1/billing-pollers/${pollerId}/run` });
  expect(ran.json().accepted).toBe(count);
  return added.map((p) => api.deps.payments.views.byExternalId(sourceId, p.billingPaymentId)!.payment.id);
}

let fd = 100;
function fiscalize(paymentId: number): void {
  const { stores } = api.deps;
  const job = stores.jobs.getByPaymentId(paymentId)!;
  const register = stores.registers.getById(registerId)!;
  fd++;
  const receipt = completeJob(
    stores,
    job,
    register,
    {
      fnNumber: '7380440700076549',
      fdNumber: fd,
      fiscalSign: String(3_000_000_000 + fd),
      deviceTime: '2026-11-22T13:05',
      documentType: 'receipt',
      operation: 'income',
      totalKopecks: stores.payments.getById(paymentId)!.amountKopecks,
      shiftNumber: 7,
    },
    'device',
    api.clock.now(),
    ['pending'],
    'fiscalized in the test',
  );
  expect(receipt).toBeDefined();
  api.deps.events.emit('job');
}

function fail(paymentId: number): void {
  const job = api.deps.stores.jobs.getByPaymentId(paymentId)!;
  const moved = api.deps.stores.jobs.transition(
    job.id,
    ['pending'],
    'failed',
    { lastErrorCode: 'refused', lastError: 'the FN refused' },
    api.clock.now().toISOString(),
    'failed in the test',
  );
  expect(moved).toBe(true);
}

async function deliveries(query = '') {
  const response = await api.asAdmin({ method: 'GET', url: `/api/v1/result-deliveries${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as {
    id: number;
    payment_id: number;
    kind: string;
    outcome: string;
    state: string;
    attempts: number;
    not_before: string;
    last_error: string | null;
  }[];
}

describe('results back', () => {
  it('keeps the callback secret write-only and audited masked', async () => {
    const empty = await api.asAdmin({ method: 'GET', url: `/api/v1/sources/${sourceId}/result-target` });
    expect(empty.json()).toEqual({
      source_id: sourceId,
      callback_url: null,
      callback_secret_set: false,
      mark_in_billing: false,
      updated_at: null,
    });
    const set = await putTarget({
      callback_url: `${receiver.base}/kb`,
      callback_secret: SECRET,
      mark_in_billing: true,
    });
    expect(set).toMatchObject({
      callback_url: `${receiver.base}/kb`,
      callback_secret_set: true,
      mark_in_billing: true,
    });
    expect(JSON.stringify(set)).not.toContain(SECRET);
    // Left out, the secret is kept.
    const kept = await putTarget({ callback_url: `${receiver.base}/other`, mark_in_billing: false });
    expect(kept.callback_secret_set).toBe(true);
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?action=source.result_target' });
    expect(audit.json().items).toHaveLength(2);
    expect(audit.body).not.toContain(SECRET);
    const bad = await api.asAdmin({
      method: 'PUT',
      url: `/api/v1/sources/${sourceId}/result-target`,
      payload: { callback_url: 'ftp://billing', mark_in_billing: false },
    });
    expect(bad.statusCode).toBe(400);
    const missing = await api.asAdmin({ method: 'GET', url: '/api/v1/sources/999/result-target' });
    expect(missing.statusCode).toBe(404);
  });

  it('plans each outcome once, even after a restart, and delivers a signed callback and a billing mark', async () => {
    await putTarget({ callback_url: `${receiver.base}/kb`, callback_secret: SECRET, mark_in_billing: true });
    const [done, failed] = await pollPayments(2);
    fiscalize(done!);
    fail(failed!);

    const planner = api.deps.results.planner;
    expect(planner.planDue()).toBe(3);
    expect(planner.planDue()).toBe(0);
    // A "restart": a new planner over the same database starts from the stored cursor.
    const restarted = new Results({ ...resultsDepsOf(api), adapterFor: () => billing });
    expect(restarted.planner.planDue()).toBe(0);
    // Even a cursor lost (set back) plans nothing twice: UNIQUE (payment, kind, outcome).
    api.deps.db.prepare('UPDATE result_cursor SET last_event_id = 0').run();
    expect(planner.planDue()).toBe(0);

    const planned = await deliveries();
    expect(planned.map((d) => [d.payment_id, d.kind, d.outcome, d.state]).sort()).toEqual(
      [
        [done, 'billing_mark', 'done', 'pending'],
        [done, 'callback', 'done', 'pending'],
        [failed, 'callback', 'failed', 'pending'],
      ].sort(),
    );

    expect(await api.deps.results.sender.runDue()).toBe(3);
    expect(receiver.requests).toHaveLength(2);
    for (const request of receiver.requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/kb');
      expect(request.headers['content-type']).toBe('application/json');
      const expected = `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
      expect(request.headers['x-kassabox-signature']).toBe(expected);
      expect(Number(request.headers['x-kassabox-delivery'])).toBeGreaterThan(0);
    }
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    const fiscalized = bodies.find((b) => b.event === 'payment.fiscalized');
    const answer = await api.asAdmin({ method: 'GET', url: `/api/v1/payments/${done}` });
    expect(fiscalized.payment).toEqual(answer.json());
    expect(fiscalized.payment.receipt).toMatchObject({ fn_number: '7380440700076549', fd_number: fd });
    expect(bodies.find((b) => b.event === 'payment.failed').payment).toMatchObject({
      id: failed,
      status: 'accepted',
    });

    expect(billing.marks).toEqual([
      {
        billingPaymentId: api.deps.stores.payments.getById(done!)!.externalId,
        mark: {
          fnNumber: '7380440700076549',
          fdNumber: fd,
          fiscalSign: String(3_000_000_000 + fd),
          fiscalizedAt: api.deps.stores.receipts.getByPaymentId(done!)!.fiscalizedAt,
        },
      },
    ]);
    expect((await deliveries('?state=delivered')).length).toBe(3);
    expect(api.logText()).not.toContain(SECRET);
  });

  it('retries a receiver that is down with backoff, gives up after a day, and retries by hand', async () => {
    await putTarget({ callback_url: `${receiver.base}/kb`, callback_secret: SECRET, mark_in_billing: false });
    const [first, second] = await pollPayments(2);
    fail(first!);
    api.deps.results.planner.planDue();
    receiver.reply.status = 503;
    const sender = api.deps.results.sender;

    expect(await sender.runDue()).toBe(1);
    let [row] = await deliveries();
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row!.last_error).toContain('HTTP 503');
    expect(Date.parse(row!.not_before) - api.clock.now().getTime()).toBe(MINUTE);
    expect(await sender.runDue()).toBe(0); // not due yet
    api.clock.advance(MINUTE);
    expect(await sender.runDue()).toBe(1);
    [row] = await deliveries();
    expect(Date.parse(row!.not_before) - api.clock.now().getTime()).toBe(5 * MINUTE);
    receiver.reply.status = 200;
    api.clock.advance(5 * MINUTE);
    expect(await sender.runDue()).toBe(1);
    [row] = await deliveries();
    expect(row).toMatchObject({ state: 'delivered', attempts: 3, last_error: null });
    // The same bytes every time: the signature of each attempt is the same.
    expect(new Set(receiver.requests.map((r) => r.headers['x-kassabox-signature'])).size).toBe(1);

    // A receiver that never comes back: attempts stop after about a day, the row stays retryable.
    receiver.reply.status = 500;
    fail(second!);
    api.deps.results.planner.planDue();
    const started = api.clock.now().getTime();
    for (let i = 0; i < 20; i++) {
      await sender.runDue();
      const [latest] = await deliveries(`?payment_id=${second}`);
      if (latest!.state === 'failed') break;
      api.clock.advance(Date.parse(latest!.not_before) - api.clock.now().getTime());
    }
    const [given] = await deliveries(`?payment_id=${second}`);
    expect(given).toMatchObject({ state: 'failed', attempts: 8 });
    const tried = api.clock.now().getTime() - started;
    expect(tried).toBeGreaterThan(20 * 60 * MINUTE);
    expect(tried).toBeLessThanOrEqual(24 * 60 * MINUTE);
    expect(await deliveries('?state=failed')).toHaveLength(1);

    receiver.reply.status = 204;
    const retried = await api.asAdmin({
      method: 'POST',
      url: `/api/v1/result-deliveries/${given!.id}/retry`,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await sender.runDue()).toBe(1);
    const [delivered] = await deliveries(`?payment_id=${second}`);
    expect(delivered!.state).toBe('delivered');
    const again = await api.asAdmin({ method: 'POST', url: `/api/v1/result-deliveries/${given!.id}/retry` });
    expect(again.statusCode).toBe(409);
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?action=result_delivery.retry' });
    expect(audit.json().items).toHaveLength(1);
  });

  it('wakes on job changes when started: a fiscalized payment is marked in the billing after it was down', async () => {
    await putTarget({ callback_url: null, mark_in_billing: true });
    const [paymentId] = await pollPayments(1);
    billing.failMarks = 1;
    api.deps.results.start();
    fiscalize(paymentId!);
    await expect.poll(async () => (await deliveries())[0]?.attempts ?? 0, { timeout: 5000 }).toBe(1);
    const [row] = await deliveries();
    expect(row).toMatchObject({
      kind: 'billing_mark',
      state: 'pending',
      last_error: 'the billing database is down',
    });
    api.clock.advance(MINUTE);
    await api.deps.results.sender.runDue();
    expect((await deliveries())[0]!.state).toBe('delivered');
    expect(billing.marks).toHaveLength(1);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('results back, the edges', () => {
  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const hanging = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hanging.address() as AddressInfo;
      await putTarget({ callback_url: `http://127.0.0.1:${port}/kb`, mark_in_billing: false });
      const results = new Results({ ...resultsDepsOf(api), adapterFor: () => billing, timeoutMs: 200 });
      const [paymentId] = await pollPayments(1);
      fail(paymentId!);
      results.planner.planDue();
      const started = Date.now();
      expect(await results.sender.runDue()).toBe(1);
      expect(Date.now() - started).toBeLessThan(5_000);
      const [row] = await deliveries();
      expect(row).toMatchObject({ state: 'pending', attempts: 1 });
      expect(row!.last_error).toContain('timed out');
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('a planner that throws on one payment does not hold back the others', async () => {
    await putTarget({ callback_url: `${receiver.base}/kb`, mark_in_billing: false });
    const [first, second] = await pollPayments(2);
    const results = new Results({
      ...resultsDepsOf(api),
      adapterFor: () => billing,
      extraPlanners: [
        (finished) => {
          if (finished.paymentId === first) throw new Error('broken planner');
          return [];
        },
      ],
    });
    fail(first!);
    fail(second!);
    expect(results.planner.planDue()).toBe(2);
    expect(api.logText()).toContain('a result planner failed on this payment');
  });
});

function resultsDepsOf(test: TestApi) {
  const { deps } = test;
  return {
    db: deps.db,
    transaction: deps.transaction,
    clock: deps.clock,
    logger: deps.logger,
    audit: deps.audit,
    events: deps.events,
    sources: deps.repositories.sources,
    payments: deps.stores.payments,
    receipts: deps.stores.receipts,
    views: deps.payments.views,
    pollers: { getBySource: () => undefined, connectionKind: () => undefined },
  };
}
