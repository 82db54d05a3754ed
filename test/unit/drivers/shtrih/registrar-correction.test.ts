import { describe, expect, it } from 'vitest';
import type { FiscalDocument } from '../../../../drivers/fiscal-registrar.ts';
import { failure } from '../../../helpers/fiscal-failure.ts';
import { toHex } from './hex.ts';
import { scriptedRegistrar } from './scripted-transport.ts';

const CORRECTION: FiscalDocument = {
  operation: 'income',
  items: [
    {
      name: 'Услуги связи',
      priceKopecks: 50_000,
      quantity: 1,
      vat: 'none',
      paymentMethod: 'full_payment',
      paymentObject: 'service',
    },
  ],
  payments: { cashKopecks: 0, electronicKopecks: 50_000 },
  taxSystem: 'usn_income',
  customerContact: '+79001234567',
  cashier: { name: 'Иванова' },
  electronicOnly: true,
  correction: { type: 'self', baseDate: '2026-11-20', baseNumber: '' },
};

describe('ShtrihRegistrar.register with a correction', () => {
  it('runs checks, the table flag, FF35, FF0C 1174 and tags, FF4A, then reads the time from FF0A', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.archiveTypes.set(426, 31);
    const result = await registrar.register(CORRECTION);
    expect(transport.labels).toEqual([
      '10',
      'FF01',
      'FF40',
      '1E',
      'FF35',
      'FF0C',
      'FF0C',
      'FF0C',
      'FF4A',
      'FF0A',
    ]);
    expect(toHex(transport.sent[5]!.subarray(6, 10))).toBe('96 04 0C 00');
    expect(result).toEqual({
      fnNumber: '9287440301120991',
      fdNumber: 426,
      fiscalSign: '1234567890',
      deviceTime: '2021-07-29T11:30',
      operation: 'income',
      totalKopecks: 50_000,
      documentType: 'correction',
      shiftNumber: 8,
    });
  });

  it('takes the device time from the extended FF4A answer', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.extendedAnswers = true;
    const result = await registrar.register(CORRECTION);
    expect(result.deviceTime).toBe('2021-07-29T11:42');
    expect(transport.labels.at(-1)).toBe('FF4A');
  });

  it('cancels the begun correction with FF08 (not 88) when a step before FF4A is refused', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF0C', [{ deviceError: 0x10 }]);
    const error = await failure(registrar.register(CORRECTION));
    expect(error).toMatchObject({ outcomeKnown: true });
    expect(transport.labels.slice(-3)).toEqual(['FF0C', 'FF01', 'FF08']);
    expect(transport.labels).not.toContain('88');
    expect(transport.state.currentDocument).toBe(0);
  });

  it('leaves a lost FF4A to reconciliation: outcome unknown, nothing cancelled', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF4A', [{ link: 'timeout' }]);
    const error = await failure(registrar.register(CORRECTION));
    expect(error).toMatchObject({ code: 'timeout', outcomeKnown: false });
    expect(transport.labels.at(-1)).toBe('FF4A');
  });

  it('cancels after an FF4A refusal when the FN formed nothing', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF4A', [{ deviceError: 0x45 }]);
    const error = await failure(registrar.register(CORRECTION));
    expect(error).toMatchObject({ outcomeKnown: true });
    expect(transport.labels.slice(-4)).toEqual(['FF4A', 'FF01', 'FF01', 'FF08']);
  });

  it('returns the correction when FF4A reports a printer error but the FN formed it', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.archiveTypes.set(426, 31);
    transport.faults.set('FF4A', [{ deviceError: 0x6b }]);
    const original = transport.exchange.bind(transport);
    transport.exchange = async (message, options) => {
      const answer = await original(message, options);
      if (options.label === 'FF4A') transport.state.lastFd++;
      return answer;
    };
    const result = await registrar.register(CORRECTION);
    expect(result).toMatchObject({ fdNumber: 426, documentType: 'correction', totalKopecks: 50_000 });
    expect(transport.labels.slice(-3)).toEqual(['FF4A', 'FF01', 'FF0A']);
  });

  it('does not take a plain receipt in the archive for the correction after a refused FF4A', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF4A', [{ deviceError: 0x6b }]);
    const original = transport.exchange.bind(transport);
    transport.exchange = async (message, options) => {
      const answer = await original(message, options);
      if (options.label === 'FF4A') transport.state.lastFd++; // FD 426 is a receipt (type 3)
      return answer;
    };
    const error = await failure(registrar.register(CORRECTION));
    expect(error.outcomeKnown).toBe(false);
  });

  it('refuses an invalid correction before talking to the device', async () => {
    const { transport, registrar } = scriptedRegistrar();
    const error = await failure(registrar.register({ ...CORRECTION, operation: 'expense_return' }));
    expect(error).toMatchObject({ code: 'invalid_document', outcomeKnown: true });
    expect(transport.sent).toHaveLength(0);
  });
});
