// GET /api/v1/journal/verify: the hash chain of the receipt journal, intact and after someone changed
// the SQLite file behind the box's back (which needs the append-only triggers dropped first).
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeRegistrars, type PaymentBox, ScriptedFake, startPaymentBox } from '../../helpers/payment-box.ts';

let box: PaymentBox;
beforeEach(async () => {
  box = await startPaymentBox({ registrarFactory: fakeRegistrars({ 'Касса 1': new ScriptedFake() }) });
  await box.addRegister('Касса 1');
  box.api.deps.pipeline.start();
});
afterEach(async () => {
  await box.close();
});

const verify = async () => {
  const response = await box.api.asAdmin({ method: 'GET', url: '/api/v1/journal/verify' });
  expect(response.statusCode).toBe(200);
  return response.json();
};
const health = async () => (await box.api.app.inject({ method: 'GET', url: '/api/v1/health' })).json();

/** Runs SQL on the box's file through a connection of its own, as a technician's sqlite3 shell would. */
function tamper(sql: string): void {
  const shell = new Database(box.api.deps.config.databaseFile);
  try {
    shell.exec(sql);
  } finally {
    shell.close();
  }
}

/** Three fiscalized payments; returns their receipts in journal order. */
async function threeReceipts() {
  const receipts = [];
  for (const amount of [100, 200, 300]) {
    const payment = await box.accept({ amount_kopecks: amount });
    receipts.push((await box.waitForReceipt(payment.id)).receipt!);
  }
  return receipts;
}

describe('journal verification', () => {
  it('is ok with the number of entries and the last hash; empty is ok too', async () => {
    expect(await verify()).toEqual({
      ok: true,
      entries: 0,
      last_hash: '0'.repeat(64),
      broken_at_id: null,
      reason: null,
      checked_at: '2026-11-22T10:00:00.000Z',
    });
    const receipts = await threeReceipts();
    expect(await verify()).toMatchObject({
      ok: true,
      entries: 3,
      last_hash: receipts[2]!.hash,
      broken_at_id: null,
    });
    expect(await health()).toMatchObject({ status: 'ok', journal: 'ok' });
  });

  it('the journal refuses changes while its triggers are in place', async () => {
    await threeReceipts();
    expect(() => tamper('UPDATE receipt SET total_kopecks = 1 WHERE id = 2')).toThrow(
      'receipt journal is append-only',
    );
    expect(() => tamper('DELETE FROM receipt WHERE id = 2')).toThrow('receipt journal is append-only');
    expect((await verify()).ok).toBe(true);
  });

  it('reports the first changed row with broken_at_id, and health turns degraded', async () => {
    await threeReceipts();
    tamper('DROP TRIGGER receipt_no_update; UPDATE receipt SET total_kopecks = 1 WHERE id = 2;');
    expect(await verify()).toMatchObject({
      ok: false,
      entries: 2,
      last_hash: null,
      broken_at_id: 2,
      reason: 'hash does not match the entry content',
    });
    expect(await health()).toMatchObject({ status: 'degraded', journal: 'broken' });
  });

  it('reports a removed row at the next one, whose prev_hash no longer fits', async () => {
    await threeReceipts();
    tamper('DROP TRIGGER receipt_no_delete; DELETE FROM receipt WHERE id = 2;');
    expect(await verify()).toMatchObject({
      ok: false,
      broken_at_id: 3,
      reason: 'prev_hash does not match the previous entry',
    });
  });

  it('is for people only', async () => {
    expect((await box.asSource({ method: 'GET', url: '/api/v1/journal/verify' })).statusCode).toBe(403);
    expect((await box.api.app.inject({ method: 'GET', url: '/api/v1/journal/verify' })).statusCode).toBe(401);
  });
});
