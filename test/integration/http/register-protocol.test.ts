// A register set to the Shtrih alternative lower level (v2): the same receipt flow, and a lost answer
// to FF45 is recovered by re-sending the same packet number — the device answers from its cache, so
// the receipt is formed once and no reconciliation is needed.
import { afterEach, describe, expect, it } from 'vitest';
import { ShtrihSimulator } from '../../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { type PaymentBox, shtrihRegistrars, startPaymentBox } from '../../helpers/payment-box.ts';

let box: PaymentBox | undefined;
let simulator: ShtrihSimulator | undefined;
afterEach(async () => {
  await box?.close();
  await simulator?.stop();
  box = undefined;
  simulator = undefined;
});

async function boxOn(protocol: 'v1' | 'v2') {
  simulator = new ShtrihSimulator();
  const device = await simulator.start();
  box = await startPaymentBox({ registrarFactory: shtrihRegistrars });
  await box.addRegister('Касса 1', { ...device, protocol });
  box.api.deps.pipeline.start();
  return { box, simulator };
}

describe('registers on the alternative lower level (protocol v2)', () => {
  it('fiscalize payments like v1 registers do', async () => {
    const { box, simulator } = await boxOn('v2');
    const accepted = await box.accept({ amount_kopecks: 99_900 });
    const fiscalized = await box.waitForReceipt(accepted.id);
    expect(simulator.receipts()).toHaveLength(1);
    expect(fiscalized.receipt).toMatchObject({
      fd_number: simulator.receipts()[0]!.fdNumber,
      resolution: 'device',
    });
  });

  it('recover a lost FF45 answer by the packet number, where v1 must reconcile against the FN', async () => {
    for (const protocol of ['v2', 'v1'] as const) {
      const { box, simulator } = await boxOn(protocol);
      simulator.faults.add({ kind: 'drop_answer', command: 'FF45', link: 'close', times: 1 });
      const accepted = await box.accept();
      const fiscalized = await box.waitForReceipt(accepted.id);

      expect(simulator.receipts(), protocol).toHaveLength(1);
      expect(fiscalized.receipt!.fd_number, protocol).toBe(simulator.receipts()[0]!.fdNumber);
      expect(fiscalized.receipt!.resolution, protocol).toBe(protocol === 'v2' ? 'device' : 'reconciled');
      await box.close();
      await simulator.stop();
    }
  });
});
