// The exactly-once pipeline end to end (as in faults.test.ts) when the device itself is in the way: paper
// out, an FN that refuses (full, expired), a shift past 24 h, a device switched off, and an organization
// with several registers, one of them down. Each test ends with the invariant checker (rule 1).
import { describe, expect, it } from 'vitest';
import {
  archiveKinds,
  boxPerTest,
  device,
  payment,
  payWithFault,
  requeue,
  waitForRetry,
} from '../../helpers/box-scenario.ts';
import { SENT } from '../../helpers/box-trails.ts';

const HOUR_MS = 3_600_000;

const boxes = boxPerTest();

describe('pipeline ↔ simulator: paper', () => {
  it('no paper: the payment waits without fiscalizing; a new roll lets it through', async () => {
    const b = await boxes.warm();
    device(b).faults.add({ kind: 'paper_out' });
    const id = await b.payOk(payment());
    await waitForRetry(b, id, 'paper_out', 'the job to wait for paper');
    expect(device(b).receipts()).toHaveLength(1);
    device(b).paper.insert();
    await b.drain();
    expect((await b.trail(id)).at(-1)).toBe('sending→done');
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('the paper runs out while printing: the receipt stands; the next waits, then B0 finishes the printout', async () => {
    const b = await boxes.warm();
    const first = await payWithFault(b, { kind: 'paper_out', whilePrinting: true });
    expect(await b.trail(first)).toEqual(SENT);
    expect(device(b).paper.printouts.at(-1)).toMatchObject({ complete: false });

    const second = await b.payOk(payment());
    await waitForRetry(b, second, 'paper_out', 'the second job to wait for paper');
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
      const b = await boxes.warm();
      const fn = device(b).device.fn.state;
      const healthy = fn[field];
      const id = await payWithFault(b, { kind });
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
      await requeue(b, job.id);
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
    const b = await boxes.start();
    const fn = device(b).device.fn.state;
    const healthy = fn.validUntil;
    const id = await payWithFault(b, { kind: 'fn_expired' });
    const { fiscal_job: job, status } = await b.payment(id);
    expect({ state: job.state, code: job.last_error_code, status }).toEqual({
      state: 'failed',
      code: 'fn_expired',
      status: 'failed',
    });
    expect(archiveKinds(b)).toEqual(['registration']);
    await b.checkInvariants({ allowedStates: ['failed'] });

    fn.validUntil = healthy;
    await requeue(b, job.id);
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
    const b = await boxes.warm();
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
    const b = await boxes.warm();
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
    const b = await boxes.warm();
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
    const b = await boxes.start({ registers: 2 });
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
    await waitForRetry(b, waiting, 'connection_lost', 'the payment to find both registers unreachable');
    expect(otherDevice.simulator.receipts()).toHaveLength(1);
    await b.startDevice(down!);
    await b.drain();
    expect((await b.payment(waiting)).receipt?.register_id).toBe(down!.registerId);
    expect(await b.checkInvariants()).toMatchObject({ payments: 10, receipts: 10 });
  });
});
