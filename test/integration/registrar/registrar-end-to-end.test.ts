// Registrar mode end to end: a real MariaDB holding ABillS-shaped tables, the SQL billing adapter, a
// box with the Shtrih simulator. The poller takes the billing's new payments, the register prints their
// receipts, the source's callback receiver gets each with its fiscal data and a signature it can check,
// and the receipts are marked in the billing's own table.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlBillingAdapter } from '../../../drivers/billing/sql-billing.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';
import { type HttpFake, startHttpFake } from '../../helpers/notification-fakes.ts';
import { type SqlServer, startMariaDb } from '../../helpers/sql-servers.ts';
import { abillsDdl, abillsSettings } from '../billing/sql-billing-schemas.ts';

const SECRET = 'abills-callback-secret-42';

let server: SqlServer;
let adapter: SqlBillingAdapter;
let box: Box;
let receiver: HttpFake;

beforeAll(async () => {
  server = await startMariaDb();
  for (const statement of abillsDdl('mysql')) await server.query(statement);
  adapter = new SqlBillingAdapter(abillsSettings(server), { password: server.password });
  receiver = await startHttpFake();
  box = await startBoxWithSimulator({ billingAdapterFor: () => adapter });
}, 120_000);

afterAll(async () => {
  await box?.deps.pollers.stop();
  await box?.deps.results.stop();
  await box?.close();
  await adapter?.close();
  await receiver?.close();
  await server?.close();
});

describe('registrar mode over an SQL billing', () => {
  it('polls payments, prints each once, calls back signed with the fiscal data, and marks them in the billing', async () => {
    // Payments made inside the billing (its cash desk, a bank), ABillS-style: rubles, local time.
    await server.query(
      `INSERT INTO payments (date, sum, dsc, uid, method) VALUES
         ('2026-11-22 09:15:00', 150.50, 'bank', 1, 2),
         ('2026-11-22 09:20:00', 99.00, 'cash desk', 3, 0),
         ('2026-11-22 09:25:00', 0.00, 'correction', 3, 5)`,
    );
    const now = new Date().toISOString();
    const connectionId = Number(
      box.deps.db
        .prepare(
          `INSERT INTO billing_connection (name, kind, settings_json, secrets_json, created_at, updated_at)
           VALUES ('ABillS DB', 'sql', '{}', '{}', ?, ?)`,
        )
        .run(now, now).lastInsertRowid,
    );
    const target = await box.asAdmin({
      method: 'PUT',
      url: `/api/v1/sources/${box.sourceId}/result-target`,
      payload: { callback_url: `${receiver.base}/kassabox`, callback_secret: SECRET, mark_in_billing: true },
    });
    expect(target.statusCode, target.body).toBe(200);
    const created = await box.asAdmin({
      method: 'POST',
      url: '/api/v1/billing-pollers',
      payload: { source_id: box.sourceId, billing_connection_id: connectionId, interval_seconds: 3600 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const pollerId = created.json().id;
    box.deps.results.start();

    const ran = await box.asAdmin({ method: 'POST', url: `/api/v1/billing-pollers/${pollerId}/run` });
    expect(ran.json()).toMatchObject({ accepted: 2, cursor: '3' });
    expect(ran.json().error).toContain('3 (amount_kopecks must be a positive whole number of kopecks)');
    const again = await box.asAdmin({ method: 'POST', url: `/api/v1/billing-pollers/${pollerId}/run` });
    expect(again.json()).toEqual({ accepted: 0, cursor: '3', error: null });

    await box.drain();
    const ids = (
      box.deps.db
        .prepare('SELECT id FROM payment WHERE source_id = ? ORDER BY id')
        .pluck()
        .all(box.sourceId) as number[]
    ).filter(Boolean);
    expect(ids).toHaveLength(2);
    const payments = await Promise.all(ids.map((id) => box.payment(id)));
    expect(payments.map((p) => [p.status, p.amount_kopecks])).toEqual([
      ['fiscalized', 15_050],
      ['fiscalized', 9_900],
    ]);

    // Each callback once, signed over its exact bytes, carrying GET /payments/:id with the receipt.
    const callbacks = await box.waitFor(
      'both callbacks',
      () => receiver.requests.length >= 2 && receiver.requests,
    );
    expect(callbacks).toHaveLength(2);
    for (const request of callbacks) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
      expect(request.headers['x-kassabox-signature']).toBe(expected);
      const body = JSON.parse(request.body);
      expect(body.event).toBe('payment.fiscalized');
      const answer = await box.asAdmin({ method: 'GET', url: `/api/v1/payments/${body.payment.id}` });
      expect(body.payment).toEqual(answer.json());
      expect(body.payment.receipt.fn_number).toBe(box.devices[0]!.fnNumber);
    }

    // The receipts recorded against the billing's own payments.
    const marks = await (async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const rows = await server.query(
          'SELECT payments_id, fn, fdn, fda FROM extreceipts ORDER BY payments_id',
        );
        if (rows.length >= 2 || Date.now() > deadline) return rows;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    expect(marks).toEqual(
      payments.map((p, index) => ({
        payments_id: index + 1,
        fn: p.receipt!.fn_number,
        fdn: p.receipt!.fd_number,
        fda: p.receipt!.fiscal_sign,
      })),
    );
    const deliveries = await box.asAdmin({ method: 'GET', url: '/api/v1/result-deliveries' });
    expect(deliveries.json().items.map((d: { state: string }) => d.state)).toEqual(
      Array(4).fill('delivered'),
    );

    // The invariants (one receipt per payment, journal intact) over what the poller accepted.
    for (const p of payments) {
      const externalId = box.deps.stores.payments.getById(p.id)!.externalId;
      box.accepted.set(p.id, { id: p.id, externalId, amountKopecks: p.amount_kopecks });
    }
    const summary = await box.checkInvariants();
    expect(summary).toBeDefined();
  }, 90_000);
});
