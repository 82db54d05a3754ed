// POST /registers/:id/fn-replacement/prepare refuses while a receipt of the register has an unknown
// outcome: the FN must first say whether it was fiscalized, and a Z-report in between would close the
// shift the reconciliation is reading. Once reconciled, the preparation goes ahead.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FiscalError } from '../../../drivers/fiscal-error.ts';
import type { RegistrarStatus } from '../../../drivers/fiscal-registrar.ts';
import { fakeRegistrars, type PaymentBox, ScriptedFake, startPaymentBox } from '../../helpers/payment-box.ts';

/** A fake whose link can be cut after a lost answer, so the job stays outcome_unknown. */
class CuttableFake extends ScriptedFake {
  cut = false;

  override async status(): Promise<RegistrarStatus> {
    if (this.cut) throw new FiscalError('connection_lost', { outcomeKnown: true, retryable: true });
    return super.status();
  }
}

let box: PaymentBox;
let fake: CuttableFake;
let registerId: number;
beforeEach(async () => {
  fake = new CuttableFake();
  box = await startPaymentBox({ registrarFactory: fakeRegistrars({ 'Касса 1': fake }) });
  registerId = await box.addRegister('Касса 1');
  box.api.deps.pipeline.start();
});
afterEach(async () => {
  await box.close();
});

it('answers 409 register_busy while a send is unresolved, and prepares once it is reconciled', async () => {
  fake.faults.push('lose_answer_after_fiscalizing');
  fake.onUnknownOutcome = () => {
    fake.cut = true;
  };
  const payment = await box.accept({ amount_kopecks: 150_000 });
  await box.waitForJob(payment.fiscal_job!.id, { state: 'outcome_unknown' });
  const prepare = () =>
    box.api.asAdmin({ method: 'POST', url: `/api/v1/registers/${registerId}/fn-replacement/prepare` });

  const busy = await prepare();
  expect(busy.statusCode, busy.body).toBe(409);
  expect(busy.json().error.code).toBe('register_busy');
  expect(fake.archive.at(-1)?.documentType, 'no Z-report while unresolved').toBe('receipt');

  fake.cut = false;
  box.api.clock.advance(120_000); // past the reconciliation's backoff
  box.api.deps.pipeline.wake();
  await box.waitForJob(payment.fiscal_job!.id, { state: 'done' });
  const ready = await prepare();
  expect(ready.statusCode, ready.body).toBe(200);
  expect(ready.json()).toMatchObject({ ready: true, shift_closed: true, z_report: { shift_number: 1 } });
  expect(fake.archive.at(-1)?.documentType).toBe('shift_close');
});

it('is not ready while a send of unknown outcome waits for a person to check this FN', async () => {
  fake.faults.push('lose_answer_after_fiscalizing');
  // 51 documents formed by someone else after the lost answer: more than reconciliation scans.
  fake.onUnknownOutcome = () => {
    for (let i = 0; i < 51; i++) {
      fake.archive.push({
        fnNumber: fake.fnNumber,
        fdNumber: fake.archive.length + 1,
        fiscalSign: String(9_000_000 + i),
        deviceTime: fake.clock.slice(0, 16),
        documentType: 'other',
      });
    }
  };
  const payment = await box.accept({ amount_kopecks: 150_000 });
  const job = await box.waitForJob(payment.fiscal_job!.id, {
    state: 'outcome_unknown',
    last_error_code: 'needs_person',
  });
  const response = await box.api.asAdmin({
    method: 'POST',
    url: `/api/v1/registers/${registerId}/fn-replacement/prepare`,
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toMatchObject({ ready: false, shift_closed: true, ofd_unsent_count: 0 });
  expect(response.json().message).toContain(`fiscal job ${job.id}`);
});
