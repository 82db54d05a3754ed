// Resolving an outcome_unknown job by hand (POST /fiscal-jobs/:id/resolve): the worker could not tell
// from the FN whether the receipt was made, so a person checks the FN archive and says so. "Not
// fiscalized" sends the payment again; "fiscalized as FD n" is checked against the FN before it counts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FiscalResult } from '../../../drivers/fiscal-registrar.ts';
import { fakeRegistrars, type PaymentBox, ScriptedFake, startPaymentBox } from '../../helpers/payment-box.ts';

let box: PaymentBox;
let fake: ScriptedFake;
beforeEach(async () => {
  fake = new ScriptedFake();
  box = await startPaymentBox({ registrarFactory: fakeRegistrars({ 'Касса 1': fake }) });
  await box.addRegister('Касса 1');
  box.api.deps.pipeline.start();
});
afterEach(async () => {
  await box.close();
});

const resolve = (jobId: number, payload: object) =>
  box.api.asAdmin({ method: 'POST', url: `/api/v1/fiscal-jobs/${jobId}/resolve`, payload });

/** Documents formed on the device by someone else (shift reports), after the lost answer. */
function formForeignDocuments(count: number): void {
  for (let i = 0; i < count; i++) {
    const fdNumber = fake.archive.length + 1;
    const report: FiscalResult = {
      fnNumber: fake.fnNumber,
      fdNumber,
      fiscalSign: String(9_000_000 + fdNumber),
      deviceTime: fake.clock.slice(0, 16),
      documentType: i % 2 === 0 ? 'shift_close' : 'shift_open',
    };
    fake.archive.push(report);
  }
}

/**
 * A payment whose send ended with an unknown outcome and that the worker leaves to a person: after
 * the lost answer the FN shows more new documents than reconciliation scans.
 */
async function unresolvedPayment(fault: 'lose_answer_after_fiscalizing' | 'lose_link_before_fiscalizing') {
  fake.faults.push(fault);
  fake.onUnknownOutcome = () => formForeignDocuments(51);
  const payment = await box.accept({ amount_kopecks: 150_000 });
  // The worker reconciles right after the lost answer and gives up on scanning 52 documents.
  const job = await box.waitForJob(payment.fiscal_job!.id, {
    state: 'outcome_unknown',
    last_error_code: 'needs_person',
  });
  fake.onUnknownOutcome = undefined;
  return { payment, job };
}

describe('resolving an outcome_unknown job by hand', () => {
  it('fiscalized with the FD the FN shows: done, resolution manual, audited', async () => {
    const { payment, job } = await unresolvedPayment('lose_answer_after_fiscalizing');
    expect(job.last_error).toBe(
      'the FN formed 52 documents since the send; check the FN archive and resolve by hand',
    );
    const ours = fake.receipts()[0]!;
    expect(ours).toMatchObject({ fdNumber: 2, totalKopecks: 150_000 });

    const response = await resolve(job.id, {
      fiscalized: true,
      fd_number: 2,
      reason: 'FN archive shows FD 2, 1500.00',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: job.id, state: 'done', last_error_code: null });

    const view = (await box.api.asAdmin({ method: 'GET', url: `/api/v1/payments/${payment.id}` })).json();
    expect(view.status).toBe('fiscalized');
    expect(view.receipt).toMatchObject({
      fd_number: 2,
      fiscal_sign: ours.fiscalSign,
      fn_number: fake.fnNumber,
      total_kopecks: 150_000,
      resolution: 'manual',
    });
    const events = (await box.api.asAdmin({ method: 'GET', url: `/api/v1/fiscal-jobs/${job.id}` })).json()
      .events;
    expect(events.at(-1)).toMatchObject({
      from_state: 'outcome_unknown',
      to_state: 'done',
      detail: 'resolved by hand as FD 2: FN archive shows FD 2, 1500.00',
    });
    const audit = (
      await box.api.asAdmin({ method: 'GET', url: '/api/v1/audit?action=fiscal_job.resolve' })
    ).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actor: { kind: 'user', name: 'admin' },
      entity_id: String(job.id),
      before: { state: 'outcome_unknown', last_error_code: 'needs_person' },
      after: { state: 'done', fiscalized: true, fd_number: 2, reason: 'FN archive shows FD 2, 1500.00' },
    });
    // Nothing was sent again, and the receipt joined the journal.
    expect(fake.receipts()).toHaveLength(1);
    const journal = (await box.api.asAdmin({ method: 'GET', url: '/api/v1/journal/verify' })).json();
    expect(journal).toMatchObject({ ok: true, entries: 1 });

    const twice = await resolve(job.id, { fiscalized: true, fd_number: 2, reason: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toEqual({
      code: 'job_state',
      message: `Only a job with an unknown outcome can be resolved by hand; job ${job.id} is done`,
    });
  });

  it('not fiscalized: back to pending, then sent once', async () => {
    const { payment, job } = await unresolvedPayment('lose_link_before_fiscalizing');
    expect(fake.receipts()).toHaveLength(0);
    const response = await resolve(job.id, { fiscalized: false, reason: 'no receipt in the FN after FD 1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ state: 'pending', register_id: null, last_error_code: null });

    const done = await box.waitForReceipt(payment.id);
    expect(done.receipt).toMatchObject({ resolution: 'device', fd_number: 53 });
    expect(fake.receipts()).toHaveLength(1);
    const audit = (
      await box.api.asAdmin({ method: 'GET', url: '/api/v1/audit?action=fiscal_job.resolve' })
    ).json();
    expect(audit.items[0].after).toMatchObject({
      state: 'pending',
      fiscalized: false,
      fd_number: null,
      reason: 'no receipt in the FN after FD 1',
    });
  });

  it('a wrong FD is 409 fd_mismatch and changes nothing', async () => {
    // Before the send: FD 2 another payment's receipt of the same sum, FD 3 a shift report, FD 4 a
    // receipt of another sum, FD 5 a receipt of the same sum made on the device outside the box.
    const earlier = await box.accept({ amount_kopecks: 150_000 });
    await box.waitForJob(earlier.fiscal_job!.id, 'done');
    formForeignDocuments(1);
    const small = await box.accept({ amount_kopecks: 99 });
    await box.waitForJob(small.fiscal_job!.id, 'done');
    fake.archive.push({ ...fake.archive[1]!, fdNumber: 5, fiscalSign: '5555555' });
    // The send (FD 6, answer lost), 51 reports, then the worker goes on: FD 58 is the next payment's.
    const { job } = await unresolvedPayment('lose_answer_after_fiscalizing');
    expect(job.last_fd_before).toBe(5);
    const later = await box.accept({ amount_kopecks: 150_000 });
    expect((await box.waitForReceipt(later.id)).receipt!.fd_number).toBe(58);
    // Then the FN is replaced: FD 59 is a receipt of the same sum in another FN.
    const firstFn = fake.fnNumber;
    fake.fnNumber = '9999078900009999';
    const inNewFn = await box.accept({ amount_kopecks: 150_000 });
    expect((await box.waitForReceipt(inNewFn.id)).receipt!.fd_number).toBe(59);

    const cases: [number, string][] = [
      [2, 'FD 2 was formed before this job was sent (the last FD in the FN was 5 then)'],
      [3, "FD 3 in the FN is not a receipt with this job's operation and sum"],
      [4, "FD 4 in the FN is not a receipt with this job's operation and sum"],
      [5, 'FD 5 was formed before this job was sent (the last FD in the FN was 5 then)'],
      [58, "FD 58 already belongs to another payment's receipt"],
      [59, `FD 59 is in FN 9999078900009999, but this job was sent to FN ${firstFn}`],
      [999, "FD 999 in the FN is not a receipt with this job's operation and sum"],
    ];
    for (const [fd, message] of cases) {
      const response = await resolve(job.id, { fiscalized: true, fd_number: fd, reason: 'checked the FN' });
      expect(response.statusCode, String(fd)).toBe(409);
      expect(response.json().error).toEqual({ code: 'fd_mismatch', message });
    }
    const after = (await box.api.asAdmin({ method: 'GET', url: `/api/v1/fiscal-jobs/${job.id}` })).json();
    expect(after).toMatchObject({ state: 'outcome_unknown', last_error_code: 'needs_person' });
    expect(
      (await box.api.asAdmin({ method: 'GET', url: '/api/v1/audit?action=fiscal_job.resolve' })).json().items,
    ).toEqual([]);
    // The right one still works.
    expect((await resolve(job.id, { fiscalized: true, fd_number: 6, reason: 'FD 6 it is' })).statusCode).toBe(
      200,
    );
  });

  it('needs fd_number when fiscalized, a reason always, and a running register to check the FD', async () => {
    const { job } = await unresolvedPayment('lose_answer_after_fiscalizing');
    const details = async (payload: object) => {
      const response = await resolve(job.id, payload);
      expect(response.statusCode, response.body).toBe(400);
      return response
        .json()
        .error.details.map((d: { path: string; message: string }) => `${d.path} ${d.message}`);
    };
    expect(await details({ fiscalized: true, reason: 'checked the FN' })).toEqual([
      '/fd_number is required when fiscalized is true',
    ]);
    expect(await details({ fiscalized: true, fd_number: 2 })).toEqual(['/reason is required']);
    expect(await details({ fiscalized: 'yes', fd_number: 0, reason: 'checked' })).toEqual([
      '/fiscalized must be a boolean',
      '/fd_number must be >= 1',
    ]);
    expect(await details({ reason: 'checked' })).toEqual(['/fiscalized is required']);

    const pending = await box.api.asAdmin({ method: 'GET', url: '/api/v1/fiscal-jobs?state=pending' });
    expect(pending.json().items).toEqual([]);
    expect((await resolve(4242, { fiscalized: false, reason: 'checked' })).statusCode).toBe(404);

    await box.api.deps.pipeline.stop();
    const stopped = await resolve(job.id, { fiscalized: true, fd_number: 2, reason: 'checked the FN' });
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().error).toEqual({
      code: 'register_unavailable',
      message: `The register of job ${job.id} is not running; the FD cannot be checked`,
    });
  });

  it('refuses a job whose outcome is known (409 job_state)', async () => {
    const payment = await box.accept();
    await box.waitForJob(payment.fiscal_job!.id, 'done');
    const response = await resolve(payment.fiscal_job!.id, { fiscalized: false, reason: 'just in case' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('job_state');
  });
});
