// The exactly-once pipeline end to end: a payment posted through app.inject, the register worker, the
// Shtrih driver over TCP, and a simulated PAYONLINE-01-ФА with one scripted fault at a time. Each test
// proves rule 1 with the invariant checker (one receipt per payment, every FN receipt claimed once,
// the DB equal to the FN archive, the journal verified) and reads the job's event trail to show how an
// unknown outcome was resolved: `outcome_unknown→done` (reconciled: the FN had the receipt) or
// `outcome_unknown→pending` and a new send (the FN had nothing).
import { afterEach, describe, expect, it } from 'vitest';
import { type Box, FAST_TIMEOUTS, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';

const HOUR_MS = 3_600_000;
/** Longer than any answer timeout the harness gives the driver. */
const TOO_LATE_MS = FAST_TIMEOUTS.printAnswerMs + 700;

const SENT = ['→pending', 'pending→sending', 'sending→done'];
const RECONCILED = ['→pending', 'pending→sending', 'sending→outcome_unknown', 'outcome_unknown→done'];
const NOT_IN_FN_SENT_AGAIN = [
  '→pending',
  'pending→sending',
  'sending→outcome_unknown',
  'outcome_unknown→pending',
  'pending→sending',
  'sending→done',
];
const REFUSED_SENT_AGAIN = [
  '→pending',
  'pending→sending',
  'sending→pending',
  'pending→sending',
  'sending→done',
];

let box: Box | undefined;
afterEach(async () => {
  await box?.close();
  box = undefined;
});

let counter = 0;
function payment(amountKopecks = 65_000) {
  counter++;
  return { external_id: `ext-${counter}`, account: `10${counter}`, amount_kopecks: amountKopecks };
}

/** A box whose shift is open and whose driver has its per-connection state: the next fault hits a receipt. */
async function warmBox(options: Parameters<typeof startBoxWithSimulator>[0] = {}): Promise<Box> {
  box = await startBoxWithSimulator(options);
  await box.payOk(payment(100));
  await box.drain();
  return box;
}

function device(b: Box) {
  return b.devices[0]!.simulator;
}

describe('pipeline ↔ simulator: the normal path', () => {
  it('turns a payment into one receipt in the FN, opening the shift first', async () => {
    box = await startBoxWithSimulator();
    const id = await box.payOk(payment(12_345));
    await box.drain();
    expect(await box.trail(id)).toEqual(SENT);
    const { receipt } = await box.payment(id);
    expect(receipt).toMatchObject({ resolution: 'device', total_kopecks: 12_345 });
    expect(
      device(box)
        .archive()
        .map((record) => record.kind),
    ).toEqual(['registration', 'shift_open', 'receipt']);
    expect(await box.checkInvariants()).toMatchObject({ payments: 1, receipts: 1 });
  });
});

describe('pipeline ↔ simulator: lost and late answers', () => {
  it.each(['close', 'silent'] as const)(
    'the FF45 answer is dropped (link %s) after the FN formed the receipt: reconciled, not sent again',
    async (link) => {
      const b = await warmBox();
      device(b).faults.add({ kind: 'drop_answer', command: 'FF45', link });
      const id = await b.payOk(payment());
      await b.drain();
      expect(await b.trail(id)).toEqual(RECONCILED);
      const { receipt } = await b.payment(id);
      expect(receipt).toMatchObject({ resolution: 'reconciled', fd_number: device(b).state.lastFdNumber });
      expect(device(b).faults.pending()).toEqual([]);
      expect(await b.checkInvariants()).toMatchObject({ payments: 2, receipts: 2 });
    },
  );

  it('the FF45 answer comes later than the timeout: the FN has the receipt, reconciled', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'delay', command: 'FF45', ms: TOO_LATE_MS });
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(RECONCILED);
    expect((await b.payment(id)).receipt?.resolution).toBe('reconciled');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('the FF46 answer comes later than the timeout: the half-built receipt is cancelled and sent again', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'delay', command: 'FF46', ms: TOO_LATE_MS });
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect((await b.payment(id)).receipt?.resolution).toBe('device');
    expect(device(b).state.openDocument).toBeUndefined();
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('a status query inside the send times out: outcome_unknown, the FN shows nothing new, sent again', async () => {
    const b = await warmBox();
    // The first 10h of the next job is the worker's preparation; the second is the driver's pre-check
    // inside register(), after the job is recorded as sending.
    device(b).faults.add({ kind: 'delay', command: '10', ms: TOO_LATE_MS, skip: 1 });
    const before = device(b).state.lastFdNumber;
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(NOT_IN_FN_SENT_AGAIN);
    const { receipt } = await b.payment(id);
    expect(receipt).toMatchObject({ resolution: 'device', fd_number: before + 1 });
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });
});

describe('pipeline ↔ simulator: an unknown outcome blocks its register', () => {
  it('the FN cannot be asked yet after a lost answer: nothing else is sent to it before the job is reconciled', async () => {
    const b = await warmBox();
    const sim = device(b);
    // FF45 of the next job is fiscalized and its answer lost; then the first status query of the
    // reconciliation is answered with noise, so the job waits for its retry with the outcome unknown.
    sim.faults.add({ kind: 'drop_answer', command: 'FF45', link: 'close' });
    sim.faults.add({ kind: 'garbage', placement: 'instead', command: '10', skip: 2 });
    const lost = await b.payOk(payment(11_111));
    const lostJob = b.deps.stores.jobs.getByPaymentId(lost)!.id;
    await b.waitFor('the reconciliation to fail once', () =>
      b.deps.stores.jobs.events(lostJob).some((event) => event.detail?.startsWith('could not reconcile yet')),
    );
    const next = await b.payOk(payment(22_222));
    await b.drain();

    const events = (paymentId: number) =>
      b.deps.stores.jobs.events(b.deps.stores.jobs.getByPaymentId(paymentId)!.id);
    const reconciled = events(lost).find((event) => event.toState === 'done')!;
    const nextSent = events(next).find((event) => event.toState === 'sending')!;
    expect(nextSent.id, 'the next job is sent only after the lost one was reconciled').toBeGreaterThan(
      reconciled.id,
    );
    expect((await b.payment(lost)).receipt?.resolution).toBe('reconciled');
    expect(sim.receipts().map((record) => record.totalKopecks)).toEqual([100, 11_111, 22_222]);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 3 });
  });

  it('alternative lower level (v2): the FF45 answer is lost on a link gone silent; reconciled over a new connection', async () => {
    const b = await warmBox({ protocol: 'v2' });
    device(b).faults.add({ kind: 'drop_answer', command: 'FF45', link: 'silent' });
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(RECONCILED);
    expect((await b.payment(id)).receipt?.resolution).toBe('reconciled');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });
});

describe('pipeline ↔ simulator: broken links and noise', () => {
  it('the link is lost in the middle of a receipt (after FF46): nothing fiscalized twice, one receipt', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'disconnect', command: 'FF46' });
    const id = await b.payOk(payment());
    await b.drain();
    // FF45 was never sent, so the outcome is known: cancel the open receipt, send again.
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect((await b.payment(id)).receipt?.resolution).toBe('device');
    expect(device(b).state.openDocument).toBeUndefined();
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('the FF46 answer is dropped with the link: the receipt is cancelled and sent again', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'drop_answer', command: 'FF46', link: 'close' });
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('noise before every answer is skipped', async () => {
    const b = await warmBox();
    // A receipt takes more than 10 exchanges (status, FN status, shift, positions, TLVs, close).
    device(b).faults.add({ kind: 'garbage', placement: 'before', times: 10 });
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(SENT);
    expect(device(b).faults.pending()).toEqual([]);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('noise instead of the FF45 answer: the FN has the receipt, reconciled', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'garbage', placement: 'instead', command: 'FF45' });
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(RECONCILED);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('noise instead of the FF46 answer: the receipt is cancelled and sent again', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'garbage', placement: 'instead', command: 'FF46' });
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });
});

describe('pipeline ↔ simulator: paper', () => {
  it('no paper: the payment waits without fiscalizing; a new roll lets it through', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'paper_out' });
    const id = await b.payOk(payment());
    await b.waitFor('the job to wait for paper', () => {
      const job = b.deps.stores.jobs.getByPaymentId(id);
      return job?.state === 'pending' && job.lastErrorCode === 'paper_out';
    });
    expect(device(b).receipts()).toHaveLength(1);
    device(b).paper.insert();
    await b.drain();
    expect((await b.trail(id)).at(-1)).toBe('sending→done');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('the paper runs out while printing: the receipt stands; the next waits, then B0 finishes the printout', async () => {
    const b = await warmBox();
    device(b).faults.add({ kind: 'paper_out', whilePrinting: true });
    const first = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(first)).toEqual(SENT);
    expect(device(b).paper.printouts.at(-1)).toMatchObject({ complete: false });

    const second = await b.payOk(payment());
    await b.waitFor('the second job to wait for paper', () => {
      const job = b.deps.stores.jobs.getByPaymentId(second);
      return job?.state === 'pending' && job.lastErrorCode === 'paper_out';
    });
    expect(device(b).receipts()).toHaveLength(2);
    device(b).paper.insert();
    await b.drain();
    expect(device(b).paper.printouts.every((printout) => printout.complete)).toBe(true);
    expect(device(b).state.submode).toBe(0);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 3 });
  });
});

describe('pipeline ↔ simulator: the FN refuses', () => {
  it.each([
    ['fn_full', 'documentCapacity'],
    ['fn_expired', 'validUntil'],
  ] as const)(
    '%s: the job fails visibly with nothing fiscalized; requeued after the fix, one receipt',
    async (kind, field) => {
      const b = await warmBox();
      const fn = device(b).device.fn.state;
      const healthy = fn[field];
      device(b).faults.add({ kind });
      const id = await b.payOk(payment());
      await b.drain();
      const failed = await b.asAdmin({ method: 'GET', url: '/api/v1/fiscal-jobs?state=failed' });
      expect(failed.json().items).toEqual([
        expect.objectContaining({ payment_id: id, state: 'failed', last_error_code: kind }),
      ]);
      expect((await b.payment(id)).status).toBe('failed');
      expect(device(b).receipts()).toHaveLength(1);
      await b.checkInvariants({ allowedStates: ['done', 'failed'] });

      // The technician fixes the FN (here: the simulated fault is taken back) and requeues the job.
      (fn as Record<typeof field, unknown>)[field] = healthy;
      const { fiscal_job: job } = await b.payment(id);
      const requeue = await b.asAdmin({
        method: 'POST',
        url: `/api/v1/fiscal-jobs/${job.id}/requeue`,
        payload: { reason: 'FN replaced' },
      });
      expect(requeue.statusCode, requeue.body).toBe(200);
      await b.drain();
      expect(await b.trail(id)).toEqual([
        '→pending',
        'pending→sending',
        'sending→failed',
        'failed→pending',
        'pending→sending',
        'sending→done',
      ]);
      expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
    },
  );

  it('the FN expired while the shift was closed: no shift opens, the job fails visibly; requeued after the fix, one receipt', async () => {
    box = await startBoxWithSimulator();
    const b = box;
    const fn = device(b).device.fn.state;
    const healthy = fn.validUntil;
    device(b).faults.add({ kind: 'fn_expired' });
    const id = await b.payOk(payment());
    await b.drain();
    const { fiscal_job: job, status } = await b.payment(id);
    expect({ state: job.state, code: job.last_error_code, status }).toEqual({
      state: 'failed',
      code: 'fn_expired',
      status: 'failed',
    });
    expect(
      device(b)
        .archive()
        .map((record) => record.kind),
    ).toEqual(['registration']);
    await b.checkInvariants({ allowedStates: ['failed'] });

    fn.validUntil = healthy;
    const requeue = await b.asAdmin({
      method: 'POST',
      url: `/api/v1/fiscal-jobs/${job.id}/requeue`,
      payload: { reason: 'FN replaced' },
    });
    expect(requeue.statusCode, requeue.body).toBe(200);
    await b.drain();
    expect(await b.trail(id)).toEqual([
      '→pending',
      'pending→failed',
      'failed→pending',
      'pending→sending',
      'sending→done',
    ]);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 1 });
  });
});

describe('pipeline ↔ simulator: shifts and a device that is away', () => {
  it('a shift older than 24 h is closed with a Z-report before the next receipt', async () => {
    const b = await warmBox();
    const shift = device(b).state.shift.number;
    device(b).clock.advance(25 * HOUR_MS);
    expect(device(b).state.shift.expired).toBe(true);
    const id = await b.payOk(payment());
    await b.drain();
    expect(await b.trail(id)).toEqual(SENT);
    expect(
      device(b)
        .archive()
        .slice(-3)
        .map((record) => `${record.kind} ${record.shiftNumber ?? ''}`.trim()),
    ).toEqual([`shift_close ${shift}`, `shift_open ${shift + 1}`, `receipt ${shift + 1}`]);
    expect((await b.payment(id)).receipt).toMatchObject({ resolution: 'device' });
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('the device is switched off: payments wait with nothing sent, and go through when it is back', async () => {
    const b = await warmBox();
    const away = b.devices[0]!;
    await b.stopDevice(away);
    const ids = [await b.payOk(payment()), await b.payOk(payment()), await b.payOk(payment())];
    await b.waitFor('the jobs to find the device unreachable', () =>
      ids.every((id) => b.deps.stores.jobs.getByPaymentId(id)?.lastErrorCode === 'connection_lost'),
    );
    expect(b.deps.stores.jobs.countsByState()).toMatchObject({ pending: 3, sending: 0, outcome_unknown: 0 });
    await b.startDevice(away);
    await b.drain();
    for (const id of ids) expect((await b.trail(id)).at(-1)).toBe('sending→done');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 4, resolutions: { device: 4 } });
  });

  it('the device goes away while the FF45 answer is on its way: the job waits unresolved, then is reconciled', async () => {
    const b = await warmBox();
    const away = b.devices[0]!;
    away.simulator.faults.add({ kind: 'delay', command: 'FF45', ms: 5_000 });
    const id = await b.payOk(payment());
    await b.waitFor('the FN to form the receipt', () => away.simulator.receipts().length === 2);
    await b.stopDevice(away);
    await b.waitFor('the job to be unresolved with the device away', () => {
      const job = b.deps.stores.jobs.getByPaymentId(id)!;
      const events = b.deps.stores.jobs.events(job.id);
      return job.state === 'outcome_unknown' && events.at(-1)?.detail?.startsWith('could not reconcile yet');
    });
    expect(away.simulator.receipts()).toHaveLength(2);
    await b.startDevice(away);
    await b.drain();
    // Each failed attempt to ask the FN leaves the job outcome_unknown; it is never sent again.
    const trail = await b.trail(id);
    expect(trail.slice(0, 3)).toEqual(['→pending', 'pending→sending', 'sending→outcome_unknown']);
    expect(new Set(trail.slice(3, -1))).toEqual(new Set(['outcome_unknown→outcome_unknown']));
    expect(trail.at(-1)).toBe('outcome_unknown→done');
    expect((await b.payment(id)).receipt?.resolution).toBe('reconciled');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });
});

describe('pipeline ↔ simulator: several registers', () => {
  it('two registers of one organization, one down: the healthy one takes the work; another organization’s register never does', async () => {
    box = await startBoxWithSimulator({ registers: 2 });
    const b = box;
    const other = await b.addOrganization('ООО «Другая сеть»');
    const otherDevice = await b.addDevice(other.organizationId, 'Касса другой сети');
    const [down, healthy] = b.devices;
    await b.stopDevice(down!);
    const ids = await Promise.all(Array.from({ length: 8 }, () => b.payOk(payment())));
    await b.drain();
    for (const id of ids) expect((await b.payment(id)).receipt?.register_id).toBe(healthy!.registerId);
    expect(healthy!.simulator.receipts()).toHaveLength(8);
    expect(down!.simulator.receipts()).toHaveLength(0);
    expect(otherDevice.simulator.receipts()).toHaveLength(0);

    const theirs = await b.payOk(payment(777), other.token);
    await b.drain();
    expect((await b.payment(theirs)).receipt?.register_id).toBe(otherDevice.registerId);

    // Both registers of the organization down: its payment waits, the other organization's idle
    // register does not take it.
    await b.stopDevice(healthy!);
    const waiting = await b.payOk(payment(888));
    await b.waitFor('the payment to find both registers unreachable', () => {
      const job = b.deps.stores.jobs.getByPaymentId(waiting);
      return job?.state === 'pending' && job.lastErrorCode === 'connection_lost';
    });
    expect(otherDevice.simulator.receipts()).toHaveLength(1);
    await b.startDevice(down!);
    await b.drain();
    expect((await b.payment(waiting)).receipt?.register_id).toBe(down!.registerId);
    expect(await b.checkInvariants()).toMatchObject({ payments: 10, receipts: 10 });
  });
});
