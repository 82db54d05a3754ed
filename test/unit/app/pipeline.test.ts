import { describe, expect, it } from 'vitest';
import { DeviceSession } from '../../../app/pipeline/device-session.ts';
import { requeueJob } from '../../../app/pipeline/job-actions.ts';
import type { Pipeline } from '../../../app/pipeline/pipeline.ts';
import { RegisterWorker } from '../../../app/pipeline/register-worker.ts';
import { FiscalError } from '../../../drivers/fiscal-error.ts';
import { FakeRegistrar } from '../../helpers/fake-registrar.ts';
import { createPipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.ts';

function workerFor(fixture: PipelineFixture, registerId: number, registrar: FakeRegistrar): RegisterWorker {
  const register = fixture.registers.getById(registerId)!;
  return new RegisterWorker({ ...fixture, register, session: new DeviceSession(registrar) });
}

/** One register on a fake device, and one accepted payment for it. */
function singleRegister() {
  const fixture = createPipelineFixture();
  const registrar = new FakeRegistrar();
  const worker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-1' }), registrar);
  const { payment } = fixture.accept({ externalId: 'p-1' });
  return { fixture, registrar, worker, payment };
}

function expectFailedWithoutReceipt(
  fixture: PipelineFixture,
  paymentId: number,
  registrar: FakeRegistrar,
  code: string,
) {
  const job = jobOf(fixture, paymentId);
  expect(job.state).toBe('failed');
  expect(job.lastErrorCode).toBe(code);
  expect(fixture.payments.getById(paymentId)!.status).toBe('failed');
  expect(registrar.receipts()).toHaveLength(0);
}

async function drain(worker: RegisterWorker, steps = 20): Promise<void> {
  for (let i = 0; i < steps; i++) {
    if ((await worker.step()) === 'idle') return;
  }
}

function jobOf(fixture: PipelineFixture, paymentId: number) {
  return fixture.jobs.getByPaymentId(paymentId)!;
}

describe('register worker with a fake registrar', () => {
  it('opens a shift before the first receipt and records the receipt with its QR code', async () => {
    const fixture = createPipelineFixture();
    const registrar = new FakeRegistrar();
    const worker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-1' }), registrar);
    const { payment } = fixture.accept({ externalId: 'p-1', amountKopecks: 123_45 });

    await drain(worker);

    expect(registrar.archive.map((doc) => doc.documentType)).toEqual(['shift_open', 'receipt']);
    const receipt = fixture.receipts.getByPaymentId(payment.id)!;
    expect(receipt.fdNumber).toBe(2);
    expect(receipt.totalKopecks).toBe(12_345);
    expect(receipt.qr).toBe(
      `t=20261122T1200&s=123.45&fn=${registrar.fnNumber}&i=2&fp=${receipt.fiscalSign}&n=1`,
    );
    // The device runs on Moscow time by default: 12:00 local is 09:00 UTC.
    expect(receipt.fiscalizedAt).toBe('2026-11-22T09:00:00.000Z');
    expect(jobOf(fixture, payment.id).state).toBe('done');
    expect(fixture.payments.getById(payment.id)!.status).toBe('fiscalized');
  });

  it('closes an expired shift with a Z-report before the next receipt', async () => {
    const fixture = createPipelineFixture();
    const registrar = new FakeRegistrar();
    registrar.shift = { state: 'expired', number: 7 };
    const worker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-1' }), registrar);
    fixture.accept({ externalId: 'p-1' });

    await drain(worker);

    expect(registrar.archive.map((doc) => doc.documentType)).toEqual([
      'shift_close',
      'shift_open',
      'receipt',
    ]);
    expect(registrar.shift.number).toBe(8);
  });

  it('resolves a lost answer after fiscalization to done, without a second receipt', async () => {
    const { fixture, registrar, worker, payment } = singleRegister();
    registrar.faults.push('lose_answer_after_fiscalizing');

    expect(await worker.step()).toBe('worked');
    expect(jobOf(fixture, payment.id).state).toBe('outcome_unknown');
    await drain(worker);

    expect(registrar.receipts()).toHaveLength(1);
    const receipt = fixture.receipts.getByPaymentId(payment.id)!;
    expect(receipt.resolution).toBe('reconciled');
    expect(receipt.fdNumber).toBe(registrar.receipts()[0]!.fdNumber);
    expect(fixture.jobs.events(jobOf(fixture, payment.id).id).map((e) => e.toState)).toEqual([
      'pending',
      'sending',
      'outcome_unknown',
      'done',
    ]);
  });

  it('sends again when the FN shows the receipt never happened', async () => {
    const { fixture, registrar, worker, payment } = singleRegister();
    registrar.faults.push('lose_link_before_fiscalizing');

    await drain(worker);

    expect(registrar.receipts()).toHaveLength(1);
    expect(fixture.receipts.getByPaymentId(payment.id)!.resolution).toBe('device');
    expect(jobOf(fixture, payment.id).attempts).toBe(2);
  });

  it('cancels a receipt left open by a lost link, then sends again', async () => {
    const { fixture, registrar, worker, payment } = singleRegister();
    registrar.faults.push('leave_document_open');

    await drain(worker);

    expect(registrar.calls).toContain('cancel');
    expect(registrar.receipts()).toHaveLength(1);
    expect(jobOf(fixture, payment.id).state).toBe('done');
  });

  it('keeps an unknown outcome unresolved while the device cannot be asked', async () => {
    const { fixture, registrar, worker, payment } = singleRegister();
    registrar.faults.push('lose_answer_after_fiscalizing');
    await worker.step();
    registrar.faults.push('status_unreachable');

    expect(await worker.step()).toBe('trouble');
    const job = jobOf(fixture, payment.id);
    expect(job.state).toBe('outcome_unknown');
    expect(registrar.receipts()).toHaveLength(1);
  });

  it('fails a job the device refuses for good and keeps the payment visible', async () => {
    const { fixture, registrar, worker, payment } = singleRegister();
    registrar.faults.push('refuse_fn_expired');

    await drain(worker);

    expectFailedWithoutReceipt(fixture, payment.id, registrar, 'fn_expired');
  });

  it('turns interrupted sends into outcome_unknown at start', () => {
    const fixture = createPipelineFixture();
    const registerId = fixture.addRegister({ name: 'ККТ-1' });
    const { payment } = fixture.accept({ externalId: 'p-1' });
    const job = jobOf(fixture, payment.id);
    fixture.jobs.claim(job.id, registerId, new Date().toISOString());
    fixture.jobs.transition(
      job.id,
      ['pending'],
      'sending',
      { lastFdBefore: 3, fnNumberBefore: 'x' },
      new Date().toISOString(),
      'test',
    );

    expect(fixture.jobs.interruptedSendsToUnknown(new Date().toISOString())).toBe(1);
    expect(jobOf(fixture, payment.id).state).toBe('outcome_unknown');
  });

  it('lets a healthy register of the same organization take the work of one that is down', async () => {
    const fixture = createPipelineFixture();
    const down = new FakeRegistrar();
    down.faults.push('status_unreachable');
    const up = new FakeRegistrar();
    up.fnNumber = '9999078900005678';
    const downWorker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-1' }), down);
    const upWorker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-2' }), up);
    const { payment } = fixture.accept({ externalId: 'p-1' });

    expect(await downWorker.step()).toBe('trouble');
    const released = jobOf(fixture, payment.id);
    fixture.db
      .prepare('UPDATE fiscal_job SET not_before = ? WHERE id = ?')
      .run(new Date(0).toISOString(), released.id);
    await drain(upWorker);

    expect(up.receipts()).toHaveLength(1);
    expect(down.receipts()).toHaveLength(0);
    expect(fixture.receipts.getByPaymentId(payment.id)!.fnNumber).toBe(up.fnNumber);
  });

  it('never takes the work of another organization', async () => {
    const fixture = createPipelineFixture();
    const otherOrganization = fixture.addOrganization('ООО «Другая»');
    const registrar = new FakeRegistrar();
    const worker = workerFor(
      fixture,
      fixture.addRegister({ name: 'чужая', organizationId: otherOrganization }),
      registrar,
    );
    fixture.accept({ externalId: 'p-1' });

    expect(await worker.step()).toBe('idle');
    expect(registrar.calls).toEqual([]);
  });
});

describe('register worker when the device cannot take receipts at all', () => {
  it('fails the job visibly when the FN refuses even to open the shift', async () => {
    const { fixture, registrar, worker, payment } = singleRegister();
    registrar.openShift = async () => {
      throw new FiscalError('fn_expired', {
        outcomeKnown: true,
        retryable: false,
        deviceCode: 0x05,
        command: 'FF0B',
      });
    };

    await drain(worker);

    expectFailedWithoutReceipt(fixture, payment.id, registrar, 'fn_expired');
  });

  it('records a repeated link failure once in the event trail, however often it is retried', async () => {
    const { fixture, registrar, worker, payment } = singleRegister();
    const job = jobOf(fixture, payment.id);

    for (let i = 0; i < 5; i++) {
      registrar.faults.push('status_unreachable');
      fixture.db
        .prepare('UPDATE fiscal_job SET not_before = ? WHERE id = ?')
        .run(new Date(0).toISOString(), job.id);
      expect(await worker.step()).toBe('trouble');
    }

    expect(fixture.jobs.events(job.id).map((event) => event.toState)).toEqual(['pending', 'pending']);
    expect(jobOf(fixture, payment.id)).toMatchObject({
      state: 'pending',
      registerId: null,
      lastErrorCode: 'connection_lost',
    });
  });
});

describe('a register whose FN refuses receipts', () => {
  function expiredFn(): FakeRegistrar {
    const registrar = new FakeRegistrar();
    registrar.faults.push('refuse_fn_expired');
    return registrar;
  }

  it('leaves the payment to another register of the organization instead of failing it', async () => {
    const fixture = createPipelineFixture();
    const broken = expiredFn();
    const healthy = new FakeRegistrar();
    healthy.fnNumber = '9999078900005678';
    const brokenWorker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-1' }), broken);
    const healthyWorker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-2' }), healthy);
    const { payment } = fixture.accept({ externalId: 'p-1' });

    expect(await brokenWorker.step()).toBe('trouble');
    expect(jobOf(fixture, payment.id)).toMatchObject({
      state: 'pending',
      registerId: null,
      lastErrorCode: 'fn_expired',
    });
    // The broken register does not take the job again; the healthy one does.
    expect(await brokenWorker.step()).toBe('idle');
    await drain(healthyWorker);

    expect(jobOf(fixture, payment.id).state).toBe('done');
    expect(fixture.receipts.getByPaymentId(payment.id)!.fnNumber).toBe(healthy.fnNumber);
    expect(broken.receipts()).toHaveLength(0);
  });

  it('fails the payment once every register of the organization refused it, and a requeue clears that', async () => {
    const fixture = createPipelineFixture();
    const first = expiredFn();
    const second = expiredFn();
    const firstWorker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-1' }), first);
    const secondWorker = workerFor(fixture, fixture.addRegister({ name: 'ККТ-2' }), second);
    const { payment } = fixture.accept({ externalId: 'p-1' });

    await firstWorker.step();
    await secondWorker.step();

    const job = jobOf(fixture, payment.id);
    expect(job).toMatchObject({ state: 'failed', lastErrorCode: 'fn_expired' });
    expect(JSON.parse(job.refusedBy)).toEqual([1, 2]);
    expect(fixture.jobs.events(job.id).map((e) => e.toState)).toEqual([
      'pending',
      'sending',
      'pending',
      'sending',
      'failed',
    ]);

    const pipeline = { wake: () => {} } as unknown as Pipeline;
    requeueJob({ ...fixture, pipeline, now: fixture.now }, job.id, 'FNs replaced');
    expect(jobOf(fixture, payment.id)).toMatchObject({ state: 'pending', refusedBy: '[]' });
    await drain(firstWorker);
    expect(first.receipts()).toHaveLength(1);
  });
});
