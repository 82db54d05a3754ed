// The Shtrih driver (ShtrihRegistrar over real TCP on 127.0.0.1) against the simulated PAYONLINE-01-ФА:
// the whole document dialogue on both lower levels, and the fault scenarios that decide outcomeKnown.

import { afterEach, describe, expect, it } from 'vitest';
import type { FiscalDocument } from '../../drivers/fiscal-registrar.ts';
import { ShtrihRegistrar, type ShtrihRegistrarOptions } from '../../drivers/shtrih/shtrih-registrar.ts';
import {
  ShtrihSimulator,
  type ShtrihSimulatorOptions,
} from '../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { failure } from '../helpers/fiscal-failure.ts';

const FAST = { connectMs: 1000, ackMs: 300, byteMs: 300, answerMs: 1500, printAnswerMs: 3000 };
const CASHIER = { name: 'Кассир Иванова', inn: '500100732259' };

const DOC: FiscalDocument = {
  operation: 'income',
  items: [
    {
      name: 'Интернет, тариф «Домашний»',
      priceKopecks: 65_000,
      quantity: 1,
      vat: 'none',
      paymentMethod: 'full_payment',
      paymentObject: 'service',
    },
  ],
  payments: { cashKopecks: 0, electronicKopecks: 65_000 },
  taxSystem: 'usn_income',
  customerContact: 'client@example.ru',
  cashier: CASHIER,
  electronicOnly: true,
};

const running: Array<{ simulator: ShtrihSimulator; registrar: ShtrihRegistrar }> = [];

afterEach(async () => {
  for (const { simulator, registrar } of running.splice(0)) {
    await registrar.close();
    await simulator.stop();
  }
});

async function start(
  options: {
    simulator?: ShtrihSimulatorOptions;
    driver?: Partial<ShtrihRegistrarOptions>;
    openShift?: boolean;
  } = {},
) {
  const simulator = new ShtrihSimulator(options.simulator);
  const { host, port } = await simulator.start();
  const registrar = new ShtrihRegistrar({ host, port, timeouts: FAST, ...options.driver });
  running.push({ simulator, registrar });
  await registrar.open();
  if (options.openShift !== false) await registrar.openShift(CASHIER);
  return { simulator, registrar };
}

describe.each(['v1', 'v2'] as const)('ShtrihRegistrar ↔ simulator over protocol %s', (protocol) => {
  it('reads the status of a fresh device', async () => {
    const { simulator, registrar } = await start({ driver: { protocol }, openShift: false });
    const status = await registrar.status();
    expect(status).toMatchObject({
      model: 'PAYONLINE-01-ФА',
      shift: { state: 'closed' },
      documentOpen: false,
      paper: 'present',
      fn: { number: simulator.state.fnNumber, lastFdNumber: simulator.state.lastFdNumber, fiscalMode: true },
    });
    expect(status.fn.validUntil).toBe(simulator.state.validUntil);
  });

  it('opens a shift, registers a receipt that matches the FN archive, and closes the shift', async () => {
    const { simulator, registrar } = await start({ driver: { protocol } });
    const result = await registrar.register(DOC);
    const archived = simulator.document(result.fdNumber)!;
    expect(archived.kind).toBe('receipt');
    expect(result).toMatchObject({
      fnNumber: simulator.state.fnNumber,
      fiscalSign: String(archived.fiscalSign),
      totalKopecks: 65_000,
      documentType: 'receipt',
      operation: 'income',
      shiftNumber: simulator.state.shift.number,
    });
    expect(result.deviceTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(archived.receipt).toMatchObject({
      electronicKopecks: 65_000,
      cashKopecks: 0,
      electronicOnly: true,
    });
    expect(await registrar.documentByNumber(result.fdNumber)).toEqual({
      ...result,
      shiftNumber: undefined,
    });
    const closed = await registrar.closeShift(CASHIER);
    expect(closed.fdNumber).toBe(result.fdNumber + 1);
    expect((await registrar.status()).shift.state).toBe('closed');
  });
});

describe('ShtrihRegistrar ↔ simulator: documents and faults', () => {
  it('switches the electronic-only table flag with the document', async () => {
    const { simulator, registrar } = await start();
    await registrar.register(DOC);
    expect(simulator.state.electronicOnly).toBe(true);
    await registrar.register({
      ...DOC,
      electronicOnly: false,
      payments: { cashKopecks: 65_000, electronicKopecks: 0 },
    });
    expect(simulator.state.electronicOnly).toBe(false);
    expect(simulator.receipts().map((record) => record.receipt?.electronicOnly)).toEqual([true, false]);
  });

  it('sends the cashier and the customer contact as TLVs in CP866', async () => {
    const { simulator, registrar } = await start();
    const result = await registrar.register(DOC);
    const tags = simulator.document(result.fdNumber)!.tlvs!.map((tlv) => tlv.tag);
    expect(tags).toEqual(expect.arrayContaining([1008, 1021, 1203]));
  });

  it('v1: a lost FF45 answer gives outcomeKnown=false and the FN archive shows the receipt', async () => {
    const { simulator, registrar } = await start();
    const before = simulator.state.lastFdNumber;
    simulator.faults.add({ kind: 'drop_answer', command: 'FF45', link: 'close' });
    const error = await failure(registrar.register(DOC));
    expect(error.outcomeKnown).toBe(false);
    const last = await registrar.lastDocument();
    expect(last).toMatchObject({ fdNumber: before + 1, documentType: 'receipt', totalKopecks: 65_000 });
    expect((await registrar.status()).documentOpen).toBe(false);
  });

  it('v2: a lost FF45 answer is fetched again with the same packet number — one receipt, no error', async () => {
    const { simulator, registrar } = await start({ driver: { protocol: 'v2' } });
    const before = simulator.receipts().length;
    simulator.faults.add({ kind: 'drop_answer', command: 'FF45', link: 'close' });
    const result = await registrar.register(DOC);
    expect(simulator.receipts()).toHaveLength(before + 1);
    expect(result.fdNumber).toBe(simulator.state.lastFdNumber);
  });

  it('a link lost in the middle of a receipt cancels it on reconnect and reports a known outcome', async () => {
    const { simulator, registrar } = await start();
    const before = simulator.state.lastFdNumber;
    simulator.faults.add({ kind: 'disconnect', command: 'FF46' });
    const error = await failure(registrar.register(DOC));
    expect(error).toMatchObject({ code: 'connection_lost', outcomeKnown: true });
    expect(simulator.state.mode).not.toBe(8);
    expect(simulator.state.lastFdNumber).toBe(before);
    await expect(registrar.register(DOC)).resolves.toMatchObject({ fdNumber: before + 1 });
  });

  it('cancelOpenDocument cancels a receipt left open by a dropped link', async () => {
    const { simulator, registrar } = await start();
    simulator.faults.add({ kind: 'drop_answer', command: 'FF46', link: 'close' });
    simulator.faults.add({ kind: 'drop_answer', command: '10', link: 'close', skip: 1 });
    await failure(registrar.register(DOC));
    simulator.faults.clear();
    expect(simulator.state.mode).toBe(8);
    await registrar.cancelOpenDocument();
    expect(simulator.state.mode).toBe(2);
    expect((await registrar.status()).documentOpen).toBe(false);
  });

  it('refuses a printed receipt without paper but registers an electronic one', async () => {
    const { registrar, simulator } = await start();
    simulator.faults.add({ kind: 'paper_out' });
    const printed = { ...DOC, electronicOnly: false };
    expect(await failure(registrar.register(printed))).toMatchObject({
      code: 'paper_out',
      outcomeKnown: true,
    });
    await expect(registrar.register(DOC)).resolves.toMatchObject({ documentType: 'receipt' });
  });

  it('survives noise before an answer', async () => {
    const { registrar, simulator } = await start();
    simulator.faults.add({ kind: 'garbage', command: '10', placement: 'before' });
    await expect(registrar.register(DOC)).resolves.toMatchObject({ documentType: 'receipt' });
  });

  it('reports an expired shift as shift_expired', async () => {
    const { registrar, simulator } = await start();
    simulator.clock.offsetMs += 25 * 3_600_000;
    expect(await failure(registrar.register(DOC))).toMatchObject({
      code: 'shift_expired',
      outcomeKnown: true,
    });
    expect((await registrar.status()).shift.state).toBe('expired');
  });

  it('answers undefined for a document the FN does not have', async () => {
    const { registrar } = await start({ openShift: false });
    expect(await registrar.documentByNumber(9999)).toBeUndefined();
  });

  it('reports a refused connection with a known outcome', async () => {
    const simulator = new ShtrihSimulator();
    const { host, port } = await simulator.start();
    await simulator.stop();
    const registrar = new ShtrihRegistrar({ host, port, timeouts: FAST });
    expect(await failure(registrar.status())).toMatchObject({ code: 'connection_lost', outcomeKnown: true });
  });
});
