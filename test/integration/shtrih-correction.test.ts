// Correction receipts end to end between the Shtrih driver and the simulated PAYONLINE-01-ФА over TCP:
// FF35h → FF0Ch 1174 → FF4Ah registers a «кассовый чек коррекции» with FD and FP; a lost FF4Ah answer is
// found in the FN archive as the correction (and matched by the pipeline's reconciliation rule), never
// sent again; a link lost half-way leaves nothing begun.

import { afterEach, describe, expect, it } from 'vitest';
import { matchesJob } from '../../app/pipeline/reconcile.ts';
import type { FiscalDocument } from '../../drivers/fiscal-registrar.ts';
import { ShtrihRegistrar } from '../../drivers/shtrih/shtrih-registrar.ts';
import { ShtrihSimulator } from '../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { failure } from '../helpers/fiscal-failure.ts';

const FAST = { connectMs: 1000, ackMs: 300, byteMs: 300, answerMs: 1500, printAnswerMs: 3000 };
const CASHIER = { name: 'Кассир Иванова', inn: '500100732259' };

const CORRECTION: FiscalDocument = {
  operation: 'income',
  items: [
    {
      name: 'Услуги связи, л/с 1001',
      priceKopecks: 120_000,
      quantity: 1,
      vat: 'vat20',
      paymentMethod: 'full_payment',
      paymentObject: 'service',
    },
  ],
  payments: { cashKopecks: 20_000, electronicKopecks: 100_000 },
  taxSystem: 'osn',
  customerContact: 'client@example.ru',
  cashier: CASHIER,
  electronicOnly: true,
  correction: { type: 'instruction', baseDate: '2026-01-15', baseNumber: '№ 17-05/123' },
};

const running: Array<{ simulator: ShtrihSimulator; registrar: ShtrihRegistrar }> = [];

afterEach(async () => {
  for (const { simulator, registrar } of running.splice(0)) {
    await registrar.close();
    await simulator.stop();
  }
});

async function start(protocol: 'v1' | 'v2' = 'v1', ofdOnline = true) {
  const simulator = new ShtrihSimulator({ ofdOnline });
  const { host, port } = await simulator.start();
  const registrar = new ShtrihRegistrar({ host, port, protocol, timeouts: FAST });
  running.push({ simulator, registrar });
  await registrar.open();
  await registrar.openShift(CASHIER);
  return { simulator, registrar };
}

describe.each(['v1', 'v2'] as const)('correction receipt over protocol %s', (protocol) => {
  it('registers a correction receipt with FD and FP as the FN archive holds it', async () => {
    const { simulator, registrar } = await start(protocol, false);
    const result = await registrar.register(CORRECTION);
    const archived = simulator.document(result.fdNumber)!;
    expect(archived).toMatchObject({ kind: 'correction', operation: 1, totalKopecks: 120_000 });
    expect(result).toMatchObject({
      fnNumber: simulator.state.fnNumber,
      fiscalSign: String(archived.fiscalSign),
      documentType: 'correction',
      operation: 'income',
      totalKopecks: 120_000,
      shiftNumber: simulator.state.shift.number,
    });
    expect(archived.correction).toMatchObject({
      correctionType: 1,
      cashKopecks: 20_000,
      electronicKopecks: 100_000,
      // 1102 НДС 20 %: 1200.00 × 20/120 = 200.00; the other five VAT fields are zero
      vatSums: [20_000, 0, 0, 0, 0, 0],
      taxSystem: 0x01,
      baseDate: '2026-01-15',
      baseNumber: '№ 17-05/123',
      electronicOnly: true,
    });
    expect(archived.tlvs?.map((tlv) => tlv.tag)).toEqual([1174, 1008, 1021, 1203]);
    expect(await registrar.documentByNumber(result.fdNumber)).toEqual({ ...result, shiftNumber: undefined });
    // In the OFD queue like any fiscal document, and counted in the shift's receipt numbers.
    expect(simulator.state.unsentFdNumbers).toContain(result.fdNumber);
    expect((await registrar.status()).ofd.unsentCount).toBe(simulator.state.unsentFdNumbers.length);
    expect(simulator.state.shift.receiptCount).toBe(1);
    simulator.ofd.setOnline(true);
    simulator.ofd.deliverAll();
    expect(simulator.state.unsentFdNumbers).not.toContain(result.fdNumber);
  });
});

describe('correction receipt: faults and reconciliation', () => {
  it('a lost FF4A answer is outcome unknown; the FN archive shows the correction, matched, not re-sent', async () => {
    const { simulator, registrar } = await start();
    const before = simulator.state.lastFdNumber;
    const clockBefore = (await registrar.status()).deviceClock;
    simulator.faults.add({ kind: 'drop_answer', command: 'FF4A', link: 'close' });
    const error = await failure(registrar.register(CORRECTION));
    expect(error.outcomeKnown).toBe(false);

    const status = await registrar.status();
    expect(status.documentOpen).toBe(false);
    expect(status.fn.lastFdNumber).toBe(before + 1);
    const candidate = await registrar.documentByNumber(before + 1);
    expect(candidate).toMatchObject({
      documentType: 'correction',
      operation: 'income',
      totalKopecks: 120_000,
    });
    // The pipeline's rule takes it for this job, and would not take it for a sale of the same sum.
    expect(matchesJob(candidate!, CORRECTION, clockBefore)).toBe(true);
    const { correction: _, ...sale } = CORRECTION;
    expect(matchesJob(candidate!, sale, clockBefore)).toBe(false);
    expect(simulator.corrections()).toHaveLength(1);
  });

  it('a receipt in the archive is not taken for a lost correction of the same sum', async () => {
    const { simulator, registrar } = await start();
    const { correction: _, ...sale } = CORRECTION;
    const receipt = await registrar.register(sale);
    const candidate = await registrar.documentByNumber(receipt.fdNumber);
    expect(candidate?.documentType).toBe('receipt');
    expect(matchesJob(candidate!, CORRECTION, null)).toBe(false);
    expect(simulator.receipts()).toHaveLength(1);
  });

  it('a link lost after FF35 cancels the begun correction on reconnect (FF08) with a known outcome', async () => {
    const { simulator, registrar } = await start();
    const before = simulator.state.lastFdNumber;
    simulator.faults.add({ kind: 'disconnect', command: 'FF0C' });
    const error = await failure(registrar.register(CORRECTION));
    expect(error).toMatchObject({ code: 'connection_lost', outcomeKnown: true });
    expect(simulator.state.openDocument).toBeUndefined();
    expect(simulator.state.lastFdNumber).toBe(before);
    await expect(registrar.register(CORRECTION)).resolves.toMatchObject({
      fdNumber: before + 1,
      documentType: 'correction',
    });
  });

  it('cancelOpenDocument cancels a correction left begun by a dropped link', async () => {
    const { simulator, registrar } = await start();
    simulator.faults.add({ kind: 'drop_answer', command: 'FF0C', link: 'close' });
    simulator.faults.add({ kind: 'drop_answer', command: 'FF01', link: 'close', skip: 1 });
    await failure(registrar.register(CORRECTION));
    simulator.faults.clear();
    expect(simulator.state.openDocument).toBe('correction');
    expect((await registrar.status()).documentOpen).toBe(true);
    await registrar.cancelOpenDocument();
    expect(simulator.state.openDocument).toBeUndefined();
    expect((await registrar.status()).documentOpen).toBe(false);
  });

  it('refuses a correction while the shift is closed, as the device does', async () => {
    const { simulator, registrar } = await start();
    await registrar.closeShift(CASHIER);
    const error = await failure(registrar.register(CORRECTION));
    expect(error).toMatchObject({ code: 'shift_closed', outcomeKnown: true });
    expect(simulator.corrections()).toHaveLength(0);
  });
});
