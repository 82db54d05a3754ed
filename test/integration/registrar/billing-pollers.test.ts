// Registrar mode, pollers: a poller pages through a (fake) billing's payments, accepts each once into
// its source and keeps its cursor durably; repeats, a crash between accept and cursor, invalid
// payments and a billing that is down lose nothing and accept nothing twice. Real SQLite file,
// fastify inject, the API as an operator uses it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollBilling } from '../../../app/pollers/poll-billing.ts';
import { BillingPollerRepository } from '../../../app/storage/billing-poller-repository.ts';
import { createBillingOrganization, createUser } from '../../helpers/api-fixtures.ts';
import { logIn, startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { FakeBillingAdapter } from '../../helpers/fake-billing-adapter.ts';

let api: TestApi;
let billing: FakeBillingAdapter;
let sourceId: number;
let connectionId: number;

function insertConnection(kind: string, name: string): number {
  const now = new Date().toISOString();
  return Number(
    api.deps.db
      .prepare(
        `INSERT INTO billing_connection (name, kind, settings_json, secrets_json, created_at, updated_at)
         VALUES (?, ?, '{}', '{}', ?, ?)`,
      )
      .run(name, kind, now, now).lastInsertRowid,
  );
}

async function createPoller(payload: object = {}): Promise<number> {
  const response = await api.asAdmin({
    method: 'POST',
    url: '/api/v1/billing-pollers',
    payload: { source_id: sourceId, billing_connection_id: connectionId, ...payload },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function run(pollerId: number) {
  const response = await api.asAdmin({ method: 'POST', url: `/api/v1/billing-pollers/${pollerId}/run` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { accepted: number; cursor: string | null; error: string | null };
}

async function poller(pollerId: number) {
  const response = await api.asAdmin({ method: 'GET', url: `/api/v1/billing-pollers/${pollerId}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function paymentsOfSource(): {
  external_id: string;
  amount_kopecks: number;
  customer_contact: string | null;
}[] {
  return api.deps.db
    .prepare(
      `SELECT external_id, amount_kopecks, customer_contact FROM payment WHERE source_id = ? ORDER BY id`,
    )
    .all(sourceId) as { external_id: string; amount_kopecks: number; customer_contact: string | null }[];
}

beforeEach(async () => {
  billing = new FakeBillingAdapter();
  api = await startTestApi({ devices: { billingAdapterFor: () => billing } });
  ({ sourceId } = await createBillingOrganization(api, { source: 'ABillS' }));
  connectionId = insertConnection('abills', 'ABillS REST');
});

afterEach(async () => {
  await api.deps.pollers.stop();
  await api.close();
});

describe('billing pollers', () => {
  it('pages through more than one page and accepts each payment once, however often it polls', async () => {
    billing.add(250);
    const id = await createPoller();
    expect(await run(id)).toEqual({ accepted: 250, cursor: '1250', error: null });
    expect(billing.polls.map((p) => [p.cursor, p.limit])).toEqual([
      [undefined, 100],
      ['1100', 100],
      ['1200', 100],
      ['1250', 100],
    ]);
    expect(await run(id)).toEqual({ accepted: 0, cursor: '1250', error: null });
    billing.add(3);
    expect(await run(id)).toEqual({ accepted: 3, cursor: '1253', error: null });

    const stored = paymentsOfSource();
    expect(stored).toHaveLength(253);
    expect(new Set(stored.map((p) => p.external_id)).size).toBe(253);
    const after = await poller(id);
    expect(after.cursor).toBe('1253');
    expect(after.last_error).toBeNull();
    expect(after.last_success_at).toBe(api.clock.now().toISOString());
  });

  it('a crash between accepting a page and storing its cursor only makes the next poll see it again', async () => {
    billing.add(5);
    const id = await createPoller();
    const rows = new BillingPollerRepository(api.deps.db);
    // The process "dies" right after the accepts committed: the cursor write never happens.
    const crashing = Object.create(rows) as BillingPollerRepository;
    crashing.advanceCursor = () => {
      throw new Error('power cut');
    };
    const crashed = await pollBilling(
      {
        pollers: crashing,
        adapterFor: () => billing,
        payments: api.deps.payments,
        audit: api.deps.audit,
        transaction: api.deps.transaction,
        now: () => api.clock.now(),
      },
      rows.getById(id)!,
    );
    expect(crashed.error).toContain('power cut');
    expect(paymentsOfSource()).toHaveLength(5);
    expect(rows.getById(id)!.cursor).toBeNull();

    // After the "restart" the same page comes again: every accept answers the payment already stored.
    expect(await run(id)).toEqual({ accepted: 0, cursor: '1005', error: null });
    expect(paymentsOfSource()).toHaveLength(5);
    const jobs = api.deps.db.prepare('SELECT count(*) FROM fiscal_job').pluck().get();
    expect(jobs).toBe(5);
  });

  it('skips a payment the box refuses, records why, and never stops on it', async () => {
    billing.add(2);
    billing.add(1, { amountKopecks: 0 });
    billing.add(1, { customerContact: 'not a contact' });
    billing.add(1, { customerContact: '+79991234567' });
    const id = await createPoller();

    const outcome = await run(id);
    expect(outcome.accepted).toBe(4);
    expect(outcome.cursor).toBe('1005');
    expect(outcome.error).toMatch(
      /skipped 1 payment\(s\) the box refused: 1003 \(amount_kopecks must be a positive/,
    );
    const stored = paymentsOfSource();
    expect(stored.map((p) => p.external_id)).toEqual(['1001', '1002', '1004', '1005']);
    // A contact the box cannot use does not cost the receipt: accepted without it.
    expect(stored.map((p) => p.customer_contact)).toEqual([null, null, null, '+79991234567']);
    expect((await poller(id)).last_error).toBe(outcome.error);

    const audit = await api.asAdmin({
      method: 'GET',
      url: '/api/v1/audit?action=billing_poller.payment_skipped',
    });
    expect(audit.statusCode, audit.body).toBe(200);
    const skipped = audit
      .json()
      .items.filter((item: { action: string }) => item.action === 'billing_poller.payment_skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].after.billing_payment_id).toBe('1003');

    // The next poll goes on past it, and a clean poll clears last_error.
    billing.add(1);
    expect(await run(id)).toEqual({ accepted: 1, cursor: '1006', error: null });
    expect((await poller(id)).last_error).toBeNull();
  });

  it('records a billing that is down and goes on from the same cursor once it is back', async () => {
    billing.add(3);
    const id = await createPoller();
    billing.failPolls = 1;
    const down = await run(id);
    expect(down).toEqual({
      accepted: 0,
      cursor: null,
      error: 'the billing API did not answer (connect ECONNREFUSED)',
    });
    let row = await poller(id);
    expect(row.last_error).toBe(down.error);
    expect(row.last_run_at).not.toBeNull();
    expect(row.last_success_at).toBeNull();

    api.clock.advance(60_000);
    expect(await run(id)).toEqual({ accepted: 3, cursor: '1003', error: null });
    row = await poller(id);
    expect(row.last_error).toBeNull();
    expect(row.last_success_at).toBe(api.clock.now().toISOString());
  });

  it('passes over payments its filter does not take', async () => {
    billing.add(2, { method: 'cash' });
    billing.add(2, { method: 'electronic' });
    const id = await createPoller({ filter: { methods: ['cash'] } });
    expect(await run(id)).toEqual({ accepted: 2, cursor: '1004', error: null });
    expect(paymentsOfSource().map((p) => p.external_id)).toEqual(['1001', '1002']);
  });

  it('never runs one poller twice at once, and stop() waits for the poll in flight', async () => {
    billing.add(2);
    const id = await createPoller({ interval_seconds: 3600 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    billing.onPoll = () => held;
    api.deps.pollers.start(); // never polled: the first poll is due at once
    const first = api.deps.pollers.scheduler.run(id);
    const second = api.deps.pollers.scheduler.run(id);
    let stopped = false;
    const stopping = api.deps.pollers.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(billing.maxPollsInFlight).toBe(1);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await first).toEqual(await second);
    expect(paymentsOfSource()).toHaveLength(2);
    // One poll, and stop() ended the run after its page (the rest waits for the next start).
    expect(billing.polls.map((p) => p.cursor)).toEqual([undefined]);
    expect((await poller(id)).cursor).toBe('1002');
  });

  it('once started, polls each enabled poller that is due by itself', async () => {
    billing.add(2);
    const id = await createPoller({ interval_seconds: 3600 });
    const other = await createBillingOrganization(api, { organization: 'ООО «Другая»', source: 'ABillS 2' });
    const disabled = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-pollers',
      payload: { source_id: other.sourceId, billing_connection_id: connectionId, enabled: false },
    });
    expect(disabled.statusCode, disabled.body).toBe(201);
    api.deps.pollers.start();
    await expect.poll(async () => (await poller(id)).cursor, { timeout: 5_000 }).toBe('1002');
    expect(billing.polls.map((p) => p.cursor)).toEqual([undefined, '1002']);
    expect((await poller(disabled.json().id)).last_run_at).toBeNull();
  });

  it('checks what it is given, is audited, and lets a technician poll but not change it', async () => {
    const osmp = insertConnection('osmp', 'QIWI endpoint');
    const refused = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-pollers',
      payload: { source_id: sourceId, billing_connection_id: osmp },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({ path: '/billing_connection_id' });
    expect(refused.json().error.details[0].message).toContain('cannot list payments');

    const id = await createPoller({ cursor: '1001' });
    const again = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-pollers',
      payload: { source_id: sourceId, billing_connection_id: connectionId },
    });
    expect(again.statusCode).toBe(409);

    billing.add(2);
    await createUser(api, { username: 'tech', role: 'technician', password: 'a technician password' });
    const tech = await logIn(api.app, 'tech', { password: 'a technician password' });
    const ran = await api.app.inject({
      method: 'POST',
      url: `/api/v1/billing-pollers/${id}/run`,
      headers: tech,
    });
    expect(ran.json()).toEqual({ accepted: 1, cursor: '1002', error: null });
    const patch = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/billing-pollers/${id}`,
      headers: tech,
      payload: { enabled: false },
    });
    expect(patch.statusCode).toBe(403);

    const changed = await api.asAdmin({
      method: 'PATCH',
      url: `/api/v1/billing-pollers/${id}`,
      payload: { enabled: false, interval_seconds: 300 },
    });
    expect(changed.json()).toMatchObject({ enabled: false, interval_seconds: 300, cursor: '1002' });
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=billing_poller' });
    const actions = audit.json().items.map((item: { action: string }) => item.action);
    expect(actions).toEqual(
      expect.arrayContaining(['billing_poller.create', 'billing_poller.run', 'billing_poller.update']),
    );
    const removed = await api.asAdmin({ method: 'DELETE', url: `/api/v1/billing-pollers/${id}` });
    expect(removed.statusCode).toBe(204);
    expect((await api.asAdmin({ method: 'GET', url: '/api/v1/billing-pollers' })).json().items).toEqual([]);
  });
});
