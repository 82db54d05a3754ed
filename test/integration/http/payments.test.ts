// POST /api/v1/payments (product rules: a payment is stored durably before any 2xx; (source, external_id)
// is unique: the same content again returns the original, other content is 409), and who may post what.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, issueToken } from '../../helpers/api-fixtures.ts';
import { type PaymentBox, startPaymentBox } from '../../helpers/payment-box.ts';

let box: PaymentBox;
beforeEach(async () => {
  box = await startPaymentBox();
});
afterEach(async () => {
  await box.close();
});

const post = (payload: object, token?: string) =>
  box.asSource({ method: 'POST', url: '/api/v1/payments', payload }, token);
const rowCount = (table: 'payment' | 'fiscal_job') =>
  (box.api.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('accepting a payment', () => {
  it('answers 201 with the stored payment and its pending fiscal job', async () => {
    const response = await post({
      external_id: 'abills-1001',
      account: '100200',
      amount_kopecks: 150_000,
      method: 'electronic',
      customer_contact: '+7 (999) 123-45-67',
      paid_at: '2026-11-22T12:59:30+03:00',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: 1,
      source_id: box.sourceId,
      external_id: 'abills-1001',
      account: '100200',
      amount_kopecks: 150_000,
      method: 'electronic',
      customer_contact: '+79991234567',
      paid_at: '2026-11-22T09:59:30.000Z',
      accepted_at: '2026-11-22T10:00:00.000Z',
      status: 'accepted',
      fiscal_job: {
        id: 1,
        payment_id: 1,
        register_id: null,
        state: 'pending',
        attempts: 0,
        last_error_code: null,
        last_error: null,
        last_fd_before: null,
        not_before: '2026-11-22T10:00:00.000Z',
        created_at: '2026-11-22T10:00:00.000Z',
        updated_at: '2026-11-22T10:00:00.000Z',
      },
      receipt: null,
    });
  });

  it('is in the SQLite file when the 201 arrives (read through a second connection)', async () => {
    const response = await post(box.payment({ external_id: 'durable-1', amount_kopecks: 777 }));
    expect(response.statusCode).toBe(201);
    const other = new Database(box.api.deps.config.databaseFile, { readonly: true });
    try {
      const payment = other
        .prepare('SELECT id, source_id, amount_kopecks, status FROM payment WHERE external_id = ?')
        .get('durable-1');
      expect(payment).toEqual({
        id: response.json().id,
        source_id: box.sourceId,
        amount_kopecks: 777,
        status: 'accepted',
      });
      const job = other
        .prepare('SELECT id, state FROM fiscal_job WHERE payment_id = ?')
        .get(response.json().id);
      expect(job).toEqual({ id: response.json().fiscal_job.id, state: 'pending' });
    } finally {
      other.close();
    }
    // The box's own connection commits with WAL and synchronous=FULL, so the commit survives a power cut.
    expect(box.api.deps.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(box.api.deps.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('answers a repeat of the same content with 200 and the same ids, storing nothing new', async () => {
    const body = box.payment({ customer_contact: 'Payer@Example.ru', method: 'cash' });
    const first = await post(body);
    expect(first.statusCode).toBe(201);
    box.api.clock.advance(60_000);
    const again = await post(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    // The same payment named by a person at the desk, with the source given: still the original.
    const byPerson = await box.api.asAdmin({
      method: 'POST',
      url: '/api/v1/payments',
      payload: {
        ...body,
        source_id: box.sourceId,
        account: ' 100200 ',
        customer_contact: 'payer@example.ru',
      },
    });
    expect(byPerson.statusCode).toBe(200);
    expect(byPerson.json().id).toBe(first.json().id);
    expect(byPerson.json().fiscal_job.id).toBe(first.json().fiscal_job.id);
    expect([rowCount('payment'), rowCount('fiscal_job')]).toEqual([1, 1]);
  });

  it('stores one payment when the same body arrives several times at once', async () => {
    const body = box.payment();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(body)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => `${a.json().id}/${a.json().fiscal_job.id}`)).size).toBe(1);
    expect([rowCount('payment'), rowCount('fiscal_job')]).toEqual([1, 1]);
  });

  it('refuses the same external_id with other content: 409 payment_conflict naming the fields', async () => {
    const body = box.payment({ external_id: 'abills-7', customer_contact: '+79991234567' });
    const original = (await post(body)).json();
    const changes: [object, string][] = [
      [{ amount_kopecks: 150_001 }, 'amount_kopecks'],
      [{ account: '100201' }, 'account'],
      [{ method: 'cash' }, 'method'],
      [{ customer_contact: 'other@example.ru' }, 'customer_contact'],
      [{ customer_contact: undefined }, 'customer_contact'],
      [{ amount_kopecks: 1, account: '1' }, 'account, amount_kopecks'],
    ];
    for (const [change, fields] of changes) {
      const response = await post({ ...body, ...change });
      expect(response.statusCode, fields).toBe(409);
      expect(response.json().error).toEqual({
        code: 'payment_conflict',
        message:
          `Payment with external_id "abills-7" was already accepted (id ${original.id}) with a different ${fields}; ` +
          'a repeat must carry the same content, and a new payment needs a new external_id.',
      });
    }
    const stored = await box.asSource({ method: 'GET', url: `/api/v1/payments/${original.id}` });
    expect(stored.json()).toEqual(original);
    expect([rowCount('payment'), rowCount('fiscal_job')]).toEqual([1, 1]);
  });

  it('lets two sources use the same external_id', async () => {
    const otherSource = await createSource(box.api, box.organizationId, 'Платёжный канал');
    const { token } = await issueToken(box.api, otherSource);
    const mine = await post(box.payment({ external_id: 'shared-1' }));
    const theirs = await post(box.payment({ external_id: 'shared-1', amount_kopecks: 5 }), token);
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(theirs.json()).toMatchObject({
      source_id: otherSource,
      external_id: 'shared-1',
      amount_kopecks: 5,
    });
    expect(theirs.json().id).not.toBe(mine.json().id);
  });
});

describe('who may post and read payments', () => {
  it('a person must name the source: 400 at /source_id without it or for an unknown one', async () => {
    const missing = await box.api.asAdmin({
      method: 'POST',
      url: '/api/v1/payments',
      payload: box.payment(),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([
      { path: '/source_id', location: 'body', message: 'is required when you are logged in as a person' },
    ]);
    const unknown = await box.api.asAdmin({
      method: 'POST',
      url: '/api/v1/payments',
      payload: box.payment({ source_id: 4242 }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([
      { path: '/source_id', location: 'body', message: 'Source 4242 does not exist' },
    ]);
    const named = await box.api.asAdmin({
      method: 'POST',
      url: '/api/v1/payments',
      payload: box.payment({ source_id: box.sourceId, method: 'cash' }),
    });
    expect(named.statusCode).toBe(201);
    expect(named.json()).toMatchObject({ source_id: box.sourceId, method: 'cash' });
    expect(rowCount('payment')).toBe(1);
  });

  it('a token posts only to its own source: another source_id is 400, its own is accepted', async () => {
    const otherSource = await createSource(box.api, box.organizationId, 'Платёжный канал');
    for (const sourceId of [otherSource, 4242]) {
      const response = await post(box.payment({ source_id: sourceId }));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([
        {
          path: '/source_id',
          location: 'body',
          message: 'an API token posts payments to its own source only; leave source_id out',
        },
      ]);
    }
    expect(rowCount('payment')).toBe(0);
    expect((await post(box.payment({ source_id: box.sourceId }))).statusCode).toBe(201);
  });

  it("a token sees another source's payments nowhere: 404 as if they did not exist", async () => {
    const otherSource = await createSource(box.api, box.organizationId, 'Платёжный канал');
    const { token } = await issueToken(box.api, otherSource);
    const theirs = (await post(box.payment({ external_id: 'theirs-1' }), token)).json();
    const mine = (await post(box.payment({ external_id: 'mine-1' }))).json();
    const get = (url: string) => box.asSource({ method: 'GET', url });

    const byId = await get(`/api/v1/payments/${theirs.id}`);
    expect(byId.statusCode).toBe(404);
    expect(byId.json().error).toEqual({ code: 'not_found', message: `payment ${theirs.id} does not exist` });
    expect((await get('/api/v1/payments/4242')).json().error.message).toBe('payment 4242 does not exist');

    const byExternalId = await get(`/api/v1/sources/${otherSource}/payments/theirs-1`);
    expect(byExternalId.statusCode).toBe(404);
    expect(byExternalId.json().error.message).toBe(
      `payment theirs-1 of source ${otherSource} does not exist`,
    );

    const listed = await get(`/api/v1/payments?source_id=${otherSource}`);
    expect(listed.json()).toEqual({ items: [], total: 0, next_cursor: null });
    const all = await get('/api/v1/payments');
    expect(all.json().items.map((p: { id: number }) => p.id)).toEqual([mine.id]);
    expect((await get('/api/v1/payments?external_id=theirs-1')).json().total).toBe(0);

    // People see every source.
    const asAdmin = await box.api.asAdmin({ method: 'GET', url: '/api/v1/payments' });
    expect(asAdmin.json().total).toBe(2);
    // And a token reaches nothing but the payment routes.
    expect((await get(`/api/v1/fiscal-jobs/${theirs.fiscal_job.id}`)).statusCode).toBe(403);
    expect((await get('/api/v1/receipts')).statusCode).toBe(403);
  });

  it('without credentials, with a malformed header or a revoked token: 401, nothing stored', async () => {
    const anonymous = await box.api.app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      payload: box.payment(),
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthenticated');
    const malformed = await box.api.app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      payload: box.payment(),
      headers: { authorization: box.token },
    });
    expect(malformed.statusCode).toBe(401);
    for (const url of [
      '/api/v1/payments',
      '/api/v1/payments/1',
      `/api/v1/sources/${box.sourceId}/payments/x`,
    ]) {
      expect((await box.api.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }

    const { id, token } = await issueToken(box.api, box.sourceId, 'old');
    expect((await post(box.payment(), token)).statusCode).toBe(201);
    const revoked = await box.api.asAdmin({
      method: 'DELETE',
      url: `/api/v1/sources/${box.sourceId}/tokens/${id}`,
    });
    expect(revoked.statusCode).toBe(200);
    const after = await post(box.payment(), token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toEqual({
      code: 'unauthenticated',
      message: 'The API token is unknown or has been revoked.',
    });
    expect(rowCount('payment')).toBe(1);
  });
});
