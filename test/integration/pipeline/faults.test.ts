// The exactly-once pipeline end to end: a payment posted through app.inject, the register worker, the
// Shtrih driver over TCP, and a simulated PAYONLINE-01-ФА with one scripted fault at a time. Each test
// proves rule 1 with the invariant checker (one receipt per payment, every FN receipt claimed once,
// the DB equal to the FN archive, the journal verified) and reads the job's event trail to show how an
// unknown outcome was resolved: `outcome_unknown→done` (reconciled: the FN had the receipt) or
// `outcome_unknown→pending` and a new send (the FN had nothing).
import { describe, expect, it } from 'vitest';
import { archiveKinds, boxPerTest, device, payment, payWithFault } from '../../helpers/box-scenario.ts';
import { NOT_IN_FN_SENT_AGAIN, RECONCILED, REFUSED_SENT_AGAIN, SENT } from '../../helpers/box-trails.ts';
import { FAST_TIMEOUTS } from '../../helpers/box-with-simulator.ts';

/** Longer than any answer timeout the harness gives the driver. */
const TOO_LATE_MS = FAST_TIMEOUTS.printAnswerMs + 700;

const boxes = boxPerTest();

describe('pipeline ↔ simulator: the normal path', () => {
  it('turns a payment into one receipt in the FN, opening the shift first', async () => {
    const b = await boxes.start();
    const id = await b.payOk(payment(12_345));
    await b.drain();
    expect(await b.trail(id)).toEqual(SENT);
    const { receipt } = await b.payment(id);
    expect(receipt).toMatchObject({ resolution: 'device', total_kopecks: 12_345 });
    expect(archiveKinds(b)).toEqual(['registration', 'shift_open', 'receipt']);
    expect(await b.checkInvariants()).toMatchObject({ payments: 1, receipts: 1 });
  });
});

describe('pipeline ↔ simulator: lost and late answers', () => {
  it.each(['close', 'silent'] as const)(
    'the FF45 answer is dropped (link %s) after the FN formed the receipt: reconciled, not sent again',
    async (link) => {
      const b = await boxes.warm();
      const id = await payWithFault(b, { kind: 'drop_answer', command: 'FF45', link });
      expect(await b.trail(id)).toEqual(RECONCILED);
      const { receipt } = await b.payment(id);
      expect(receipt).toMatchObject({ resolution: 'reconciled', fd_number: device(b).state.lastFdNumber });
      expect(device(b).faults.pending()).toEqual([]);
      expect(await b.checkInvariants()).toMatchObject({ payments: 2, receipts: 2 });
    },
  );

  it('the FF45 answer comes later than the timeout: the FN has the receipt, reconciled', async () => {
    const b = await boxes.warm();
    const id = await payWithFault(b, { kind: 'delay', command: 'FF45', ms: TOO_LATE_MS });
    expect(await b.trail(id)).toEqual(RECONCILED);
    expect((await b.payment(id)).receipt?.resolution).toBe('reconciled');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('the FF46 answer comes later than the timeout: the half-built receipt is cancelled and sent again', async () => {
    const b = await boxes.warm();
    const id = await payWithFault(b, { kind: 'delay', command: 'FF46', ms: TOO_LATE_MS });
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect((await b.payment(id)).receipt?.resolution).toBe('device');
    expect(device(b).state.openDocument).toBeUndefined();
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('a status query inside the send times out: outcome_unknown, the FN shows nothing new, sent again', async () => {
    const b = await boxes.warm();
    const before = device(b).state.lastFdNumber;
    // The first 10h of the next job is the worker's preparation; the second is the driver's pre-check
    // inside register(), after the job is recorded as sending.
    const id = await payWithFault(b, { kind: 'delay', command: '10', ms: TOO_LATE_MS, skip: 1 });
    expect(await b.trail(id)).toEqual(NOT_IN_FN_SENT_AGAIN);
    const { receipt } = await b.payment(id);
    expect(receipt).toMatchObject({ resolution: 'device', fd_number: before + 1 });
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });
});

describe('pipeline ↔ simulator: an unknown outcome blocks its register', () => {
  it('the FN cannot be asked yet after a lost answer: nothing else is sent to it before the job is reconciled', async () => {
    const b = await boxes.warm();
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
    const b = await boxes.warm({ protocol: 'v2' });
    const id = await payWithFault(b, { kind: 'drop_answer', command: 'FF45', link: 'silent' });
    expect(await b.trail(id)).toEqual(RECONCILED);
    expect((await b.payment(id)).receipt?.resolution).toBe('reconciled');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });
});

describe('pipeline ↔ simulator: broken links and noise', () => {
  it('the link is lost in the middle of a receipt (after FF46): nothing fiscalized twice, one receipt', async () => {
    const b = await boxes.warm();
    const id = await payWithFault(b, { kind: 'disconnect', command: 'FF46' });
    // FF45 was never sent, so the outcome is known: cancel the open receipt, send again.
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect((await b.payment(id)).receipt?.resolution).toBe('device');
    expect(device(b).state.openDocument).toBeUndefined();
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('the FF46 answer is dropped with the link: the receipt is cancelled and sent again', async () => {
    const b = await boxes.warm();
    const id = await payWithFault(b, { kind: 'drop_answer', command: 'FF46', link: 'close' });
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('noise before every answer is skipped', async () => {
    const b = await boxes.warm();
    // A receipt takes more than 10 exchanges (status, FN status, shift, positions, TLVs, close).
    const id = await payWithFault(b, { kind: 'garbage', placement: 'before', times: 10 });
    expect(await b.trail(id)).toEqual(SENT);
    expect(device(b).faults.pending()).toEqual([]);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('noise instead of the FF45 answer: the FN has the receipt, reconciled', async () => {
    const b = await boxes.warm();
    const id = await payWithFault(b, { kind: 'garbage', placement: 'instead', command: 'FF45' });
    expect(await b.trail(id)).toEqual(RECONCILED);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('noise instead of the FF46 answer: the receipt is cancelled and sent again', async () => {
    const b = await boxes.warm();
    const id = await payWithFault(b, { kind: 'garbage', placement: 'instead', command: 'FF46' });
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });
});
