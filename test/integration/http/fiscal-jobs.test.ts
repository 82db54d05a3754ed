// The fiscal job queue through the API: list with counts, detail with events, receipts, and the requeue
// of a failed job (audited with its reason, fiscalized exactly once after the cause is gone).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeRegistrars, type PaymentBox, ScriptedFake, startPaymentBox } from '../../helpers/payment-box.ts';

let box: PaymentBox;
let fake: ScriptedFake;
let registerId: number;
beforeEach(async () => {
  fake = new ScriptedFake();
  box = await startPaymentBox({ registrarFactory: fakeRegistrars({ 'Касса 1': fake }) });
  registerId = await box.addRegister('Касса 1');
  box.api.deps.pipeline.start();
});
afterEach(async () => {
  await box.close();
});

const get = (url: string) => box.api.asAdmin({ method: 'GET', url });
const requeue = (jobId: number, payload: object) =>
  box.api.asAdmin({ method: 'POST', url: `/api/v1/fiscal-jobs/${jobId}/requeue`, payload });

/** A payment whose receipt the FN refuses (FN expired): its job ends failed. */
async function failedPayment() {
  fake.faults.push('refuse_fn_expired');
  const payment = await box.accept();
  await box.waitForJob(payment.fiscal_job!.id, 'failed');
  return payment;
}

describe('the fiscal job queue', () => {
  it('lists jobs newest first with the count of each state, by state and register, with paging', async () => {
    const failed = await failedPayment();
    const done = await box.accept();
    await box.waitForJob(done.fiscal_job!.id, 'done');
    await box.api.deps.pipeline.stop();
    const pending1 = await box.accept();
    const pending2 = await box.accept();
    const ids = async (query: string) => {
      const response = await get(`/api/v1/fiscal-jobs${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((job: { id: number }) => job.id);
    };

    const all = (await get('/api/v1/fiscal-jobs')).json();
    expect(all.counts).toEqual({ pending: 2, sending: 0, done: 1, outcome_unknown: 0, failed: 1 });
    expect(all.items.map((job: { id: number }) => job.id)).toEqual([
      pending2.fiscal_job!.id,
      pending1.fiscal_job!.id,
      done.fiscal_job!.id,
      failed.fiscal_job!.id,
    ]);
    expect(all.items[3]).toMatchObject({
      payment_id: failed.id,
      register_id: registerId,
      state: 'failed',
      attempts: 1,
      last_error_code: 'fn_expired',
      last_error: 'The fiscal drive (FN) validity has ended',
    });
    expect(await ids('?state=pending')).toEqual([pending2.fiscal_job!.id, pending1.fiscal_job!.id]);
    expect(await ids(`?register_id=${registerId}`)).toEqual([done.fiscal_job!.id, failed.fiscal_job!.id]);
    expect(await ids('?limit=1&offset=1')).toEqual([pending1.fiscal_job!.id]);
    // The counts are of the whole queue, whatever the filter.
    expect((await get('/api/v1/fiscal-jobs?state=done')).json().counts.pending).toBe(2);
    expect((await get('/api/v1/fiscal-jobs?state=lost')).statusCode).toBe(400);
  });

  it('shows a job with every state change it went through; 404 for an unknown one', async () => {
    const payment = await box.accept();
    await box.waitForJob(payment.fiscal_job!.id, 'done');
    const detail = (await get(`/api/v1/fiscal-jobs/${payment.fiscal_job!.id}`)).json();
    expect(detail).toMatchObject({ id: payment.fiscal_job!.id, state: 'done', last_fd_before: 1 });
    expect(detail.events).toEqual([
      { at: '2026-11-22T10:00:00.000Z', from_state: null, to_state: 'pending', detail: 'accepted' },
      {
        at: '2026-11-22T10:00:00.000Z',
        from_state: 'pending',
        to_state: 'sending',
        detail: `sending to Касса 1; FN ${fake.fnNumber} last FD 1`,
      },
      {
        at: '2026-11-22T10:00:00.000Z',
        from_state: 'sending',
        to_state: 'done',
        detail: 'fiscalized as FD 2',
      },
    ]);
    const missing = await get('/api/v1/fiscal-jobs/4242');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toEqual({ code: 'not_found', message: 'fiscal job 4242 does not exist' });
  });

  it('lists receipts newest first, by register; 404 for an unknown receipt', async () => {
    const first = await box.accept({ amount_kopecks: 100 });
    await box.waitForJob(first.fiscal_job!.id, 'done');
    const second = await box.accept({ amount_kopecks: 200 });
    const fiscalized = await box.waitForReceipt(second.id);
    const receipts = (await get('/api/v1/receipts')).json().items;
    expect(
      receipts.map((r: { payment_id: number; fd_number: number }) => [r.payment_id, r.fd_number]),
    ).toEqual([
      [second.id, 3],
      [first.id, 2],
    ]);
    expect(receipts[0]).toEqual(fiscalized.receipt);
    expect((await get(`/api/v1/receipts?register_id=${registerId}&limit=1`)).json().items).toHaveLength(1);
    expect((await get('/api/v1/receipts?register_id=4242')).json().items).toEqual([]);
    expect((await get(`/api/v1/receipts/${receipts[1].id}`)).json().total_kopecks).toBe(100);
    const missing = await get('/api/v1/receipts/4242');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toEqual({ code: 'not_found', message: 'receipt 4242 does not exist' });
  });
});

describe('requeue of a failed job', () => {
  it('puts it back to pending, audits the reason, and it is fiscalized once after the fault is cleared', async () => {
    const payment = await failedPayment();
    const jobId = payment.fiscal_job!.id;
    expect((await get(`/api/v1/payments/${payment.id}`)).json().status).toBe('failed');
    expect(fake.receipts()).toHaveLength(0);
    // The fake's refusal is used up: the FN "was replaced" before the technician requeues.

    const response = await requeue(jobId, { reason: 'FN replaced on 22.11, ticket 5521' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: jobId,
      state: 'pending',
      register_id: null,
      last_error_code: null,
      last_error: null,
      attempts: 1,
    });

    const audit = await get(`/api/v1/audit?entity=fiscal_job&entity_id=${jobId}`);
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0]).toMatchObject({
      actor: { kind: 'user', name: 'admin' },
      action: 'fiscal_job.requeue',
      entity: 'fiscal_job',
      entity_id: String(jobId),
      before: { state: 'failed', last_error_code: 'fn_expired' },
      after: { state: 'pending', reason: 'FN replaced on 22.11, ticket 5521' },
    });

    const done = await box.waitForJob(jobId, 'done');
    expect(done.attempts).toBe(2);
    expect(done.events!.map((e) => `${e.from_state}→${e.to_state}`)).toEqual([
      'null→pending',
      'pending→sending',
      'sending→failed',
      'failed→pending',
      'pending→sending',
      'sending→done',
    ]);
    expect(done.events![3]!.detail).toBe('requeued by hand: FN replaced on 22.11, ticket 5521');
    const fiscalized = await box.waitForReceipt(payment.id);
    expect(fiscalized.status).toBe('fiscalized');
    expect(fake.receipts()).toHaveLength(1);
    expect(fake.receipts()[0]!.fdNumber).toBe(fiscalized.receipt!.fd_number);

    // Done now: a second requeue is refused and changes nothing.
    const again = await requeue(jobId, { reason: 'clicked twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual({
      code: 'job_state',
      message: `Only a failed job can be requeued; job ${jobId} is done`,
    });
    expect(fake.receipts()).toHaveLength(1);
  });

  it('refuses pending jobs (409 job_state), unknown jobs (404) and a missing or blank reason (400)', async () => {
    await box.api.deps.pipeline.stop();
    const pending = await box.accept();
    const jobId = pending.fiscal_job!.id;
    const refused = await requeue(jobId, { reason: 'try again' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('job_state');
    expect((await requeue(4242, { reason: 'try again' })).statusCode).toBe(404);

    const details = async (payload: object) => {
      const response = await requeue(jobId, payload);
      expect(response.statusCode).toBe(400);
      return response
        .json()
        .error.details.map((d: { path: string; message: string }) => `${d.path} ${d.message}`);
    };
    expect(await details({})).toEqual(['/reason is required']);
    expect(await details({ reason: '     ' })).toEqual([
      '/reason must be a non-blank reason of 3 to 500 characters (it goes to the audit log)',
    ]);
    expect(await details({ reason: 'ok' })).toEqual(['/reason must NOT have fewer than 3 characters']);
    expect(await details({ reason: 'fine', force: true })).toEqual(['/force is not a known field']);
    expect((await get(`/api/v1/audit?entity=fiscal_job`)).json().items).toEqual([]);
  });
});
