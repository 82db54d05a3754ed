// Several organizations behind one billing (issue 5): the source's rules send each account's payment to
// its organization, whose receipt (tax system included) is printed only on that organization's
// registers. A register that is down leaves its work to another register of the same organization;
// with all of an organization's registers down its payments wait, and never go to another's register.
// Real simulated devices over TCP (box-with-simulator.ts); the invariant checker proves rule 1.
import { describe, expect, it } from 'vitest';
import { TAX_SYSTEM_BIT } from '../../../drivers/shtrih/protocol/commands/fiscal-codes.ts';
import { boxPerTest, waitForRetry } from '../../helpers/box-scenario.ts';
import type { Box, Device } from '../../helpers/box-with-simulator.ts';

const boxes = boxPerTest();

let counter = 0;
const payment = (account: string) => ({
  external_id: `org-rule-${++counter}`,
  account,
  amount_kopecks: 10_000 + counter,
});

/** The tax systems (тег 1055 bits) of the receipts in a device's FN. */
function taxSystemsOf(device: Device): number[] {
  return device.simulator.receipts().map((record) => record.receipt?.taxSystem ?? -1);
}

async function setUp(b: Box) {
  const [llcDown, llcUp] = b.devices as [Device, Device];
  // The sole trader: another legal entity of the same provider, on the patent tax system.
  const trader = await b.addOrganization('ИП Петров');
  const patched = await b.asAdmin({
    method: 'PATCH',
    url: `/api/v1/organizations/${trader.organizationId}`,
    payload: { tax_system: 'patent' },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  const traderDevice = await b.addDevice(trader.organizationId, 'Касса ИП');
  const rules = await b.asAdmin({
    method: 'PUT',
    url: `/api/v1/sources/${b.sourceId}/organization-rules`,
    payload: {
      items: [
        { match: 'exact', value: '770001', organization_id: b.organizationId },
        { match: 'prefix', value: '77', organization_id: trader.organizationId },
        { match: 'range', range_from: 500_000, range_to: 599_999, organization_id: trader.organizationId },
      ],
    },
  });
  expect(rules.statusCode, rules.body).toBe(200);
  expect(rules.json().warnings).toEqual([]);
  return { llcDown, llcUp, trader, traderDevice };
}

describe('several organizations behind one source', () => {
  it('each payment is printed on a healthy register of its own organization with its tax system; none crosses', async () => {
    const b = await boxes.start({ registers: 2 });
    const { llcDown, llcUp, trader, traderDevice } = await setUp(b);
    await b.stopDevice(llcDown);

    const llcAccounts = ['100001', '770001', '600000', '0499999', 'A-77'];
    const traderAccounts = ['770002', '77', '500000', '0599999', '550123'];
    // All at once, as a billing's batch: every worker has jobs to choose from.
    const [llcIds, traderIds] = await Promise.all([
      Promise.all(llcAccounts.map((account) => b.payOk(payment(account)))),
      Promise.all(traderAccounts.map((account) => b.payOk(payment(account)))),
    ]);
    await b.drain();

    for (const id of llcIds) {
      expect(b.deps.stores.jobs.getByPaymentId(id)!.organizationId).toBe(b.organizationId);
      expect((await b.payment(id)).receipt?.register_id).toBe(llcUp.registerId);
    }
    for (const id of traderIds) {
      expect(b.deps.stores.jobs.getByPaymentId(id)!.organizationId).toBe(trader.organizationId);
      expect((await b.payment(id)).receipt?.register_id).toBe(traderDevice.registerId);
    }
    expect(llcDown.simulator.receipts()).toHaveLength(0);
    expect(taxSystemsOf(llcUp)).toEqual(llcAccounts.map(() => TAX_SYSTEM_BIT.usn_income));
    expect(taxSystemsOf(traderDevice)).toEqual(traderAccounts.map(() => TAX_SYSTEM_BIT.patent));
    expect(await b.checkInvariants()).toMatchObject({ payments: 10, receipts: 10 });
  });

  it('with all of an organization’s registers down its payments wait, never on another’s register, and go through when one is back', async () => {
    const b = await boxes.start({ registers: 2 });
    const { llcDown, llcUp, traderDevice } = await setUp(b);
    await b.stopDevice(llcDown);
    await b.stopDevice(llcUp);

    const waiting = [await b.payOk(payment('100002')), await b.payOk(payment('770001'))];
    const traders = await b.payOk(payment('770003'));
    await b.waitFor(
      'the trader’s payment to be fiscalized',
      () => b.deps.stores.jobs.getByPaymentId(traders)?.state === 'done',
    );
    for (const id of waiting)
      await waitForRetry(b, id, 'connection_lost', 'the LLC’s payment to find its registers down');

    // Time passes over several retry periods; the trader's idle register is woken each time and
    // still never takes the LLC's jobs.
    for (let round = 0; round < 5; round++) {
      b.clock.advance(61_000);
      b.deps.pipeline.wake();
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    for (const id of waiting) {
      const job = b.deps.stores.jobs.getByPaymentId(id)!;
      expect(job.state).toBe('pending');
      expect([null, llcDown.registerId, llcUp.registerId]).toContain(job.registerId);
    }
    expect(traderDevice.simulator.receipts()).toHaveLength(1);
    expect((await b.payment(traders)).receipt?.register_id).toBe(traderDevice.registerId);

    await b.startDevice(llcUp);
    await b.drain();
    for (const id of waiting) expect((await b.payment(id)).receipt?.register_id).toBe(llcUp.registerId);
    expect(taxSystemsOf(llcUp)).toEqual([TAX_SYSTEM_BIT.usn_income, TAX_SYSTEM_BIT.usn_income]);
    expect(traderDevice.simulator.receipts()).toHaveLength(1);
    expect(await b.checkInvariants()).toMatchObject({ payments: 3, receipts: 3 });
  });

  it('an FN that refuses leaves the job to another register of the organization; when all refuse, the payment fails visibly instead of crossing', async () => {
    const b = await boxes.start({ registers: 2 });
    const { llcDown: llcFull, llcUp, traderDevice } = await setUp(b);
    // The LLC's first FN is full; its other register is switched off for now, so the full one is
    // certainly asked first.
    llcFull.simulator.faults.add({ kind: 'fn_full' });
    await b.stopDevice(llcUp);
    const refused = await b.payOk(payment('100003'));
    await b.waitFor('the full FN to refuse the job', () => {
      const job = b.deps.stores.jobs.getByPaymentId(refused);
      return job?.state === 'pending' && JSON.parse(job.refusedBy).includes(llcFull.registerId);
    });
    const traders = await b.payOk(payment('770004'));
    await b.waitFor(
      'the trader’s payment to be fiscalized',
      () => b.deps.stores.jobs.getByPaymentId(traders)?.state === 'done',
    );
    for (let round = 0; round < 3; round++) {
      b.clock.advance(61_000);
      b.deps.pipeline.wake();
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(b.deps.stores.jobs.getByPaymentId(refused)!.state).toBe('pending');
    expect(traderDevice.simulator.receipts()).toHaveLength(1);

    await b.startDevice(llcUp);
    await b.drain();
    expect((await b.payment(refused)).receipt?.register_id).toBe(llcUp.registerId);

    // Now the LLC's other FN is full too: its next payment fails, with the trader's register idle.
    llcUp.simulator.faults.add({ kind: 'fn_full' });
    const failed = await b.payOk(payment('100004'));
    await b.drain();
    const job = b.deps.stores.jobs.getByPaymentId(failed)!;
    expect(job).toMatchObject({ state: 'failed', lastErrorCode: 'fn_full' });
    expect(new Set(JSON.parse(job.refusedBy))).toEqual(new Set([llcFull.registerId, llcUp.registerId]));
    expect((await b.payment(failed)).status).toBe('failed');
    expect(traderDevice.simulator.receipts()).toHaveLength(1);
    expect(llcFull.simulator.receipts()).toHaveLength(0);
    expect(await b.checkInvariants({ allowedStates: ['done', 'failed'] })).toMatchObject({
      payments: 3,
      receipts: 2,
    });
  });
});
