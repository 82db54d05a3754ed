import { describe, expect, it } from 'vitest';
import type { FiscalDocument } from '../../../../drivers/fiscal-registrar.ts';
import { failure } from '../../../helpers/fiscal-failure.ts';
import { toHex } from './hex.ts';
import { scriptedRegistrar } from './scripted-transport.ts';

const DOC: FiscalDocument = {
  operation: 'income',
  items: [
    {
      name: 'Интернет, апрель',
      priceKopecks: 50_000,
      quantity: 1,
      vat: 'none',
      paymentMethod: 'full_payment',
      paymentObject: 'service',
    },
    {
      name: 'Аренда роутера',
      priceKopecks: 15_050,
      quantity: 2,
      vat: 'vat20',
      paymentMethod: 'full_payment',
      paymentObject: 'service',
    },
  ],
  payments: { cashKopecks: 30_000, electronicKopecks: 50_100 },
  taxSystem: 'usn_income',
  customerContact: '+79001234567',
  cashier: { name: 'Иванова', inn: '500100732259' },
  electronicOnly: true,
};

describe('ShtrihRegistrar.register', () => {
  it('runs checks, the table flag, FF46 per item, FF0C per tag and FF45, then reads the time from FF0A', async () => {
    const { transport, registrar } = scriptedRegistrar();
    const result = await registrar.register(DOC);
    expect(transport.labels).toEqual([
      '10',
      'FF01',
      'FF40',
      '1E',
      'FF46',
      'FF46',
      'FF0C',
      'FF0C',
      'FF0C',
      'FF45',
      'FF0A',
    ]);
    expect(result).toEqual({
      fnNumber: '9287440301120991',
      fdNumber: 426,
      fiscalSign: '1234567890',
      deviceTime: '2021-07-29T11:30',
      operation: 'income',
      totalKopecks: 80_100,
      documentType: 'receipt',
      shiftNumber: 8,
    });
  });

  it('sends the right bytes: electronic-only flag, quantity, TLVs in CP866, payments and СНО', async () => {
    const { transport, registrar } = scriptedRegistrar();
    await registrar.register(DOC);
    const [, , , table, , second, contact, cashier, inn, close] = transport.sent;
    expect(toHex(table!)).toBe('1E 1E 00 00 00 11 01 00 07 01');
    expect(toHex(second!.subarray(7, 13))).toBe('80 84 1E 00 00 00'); // quantity 2.000000
    expect(second![28]).toBe(0x01); // НДС 20 % mask
    expect(toHex(contact!.subarray(6, 10))).toBe('F0 03 0C 00');
    expect(toHex(cashier!.subarray(6))).toBe('FD 03 07 00 88 A2 A0 AD AE A2 A0');
    expect(toHex(inn!.subarray(6, 10))).toBe('B3 04 0C 00');
    expect(toHex(close!.subarray(6, 16))).toBe('30 75 00 00 00 B4 C3 00 00 00');
    expect(close![117]).toBe(0x02);
  });

  it('writes the table flag only when it changes on this connection', async () => {
    const { transport, registrar } = scriptedRegistrar();
    await registrar.register(DOC);
    await registrar.register(DOC);
    await registrar.register({ ...DOC, electronicOnly: false });
    const tables = transport.sent.filter((message) => message[0] === 0x1e).map((message) => message.at(-1));
    expect(tables).toEqual([1, 0]);
  });

  it('takes the device time from the extended FF45 answer without reading the archive', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.extendedAnswers = true;
    const result = await registrar.register(DOC);
    expect(result.deviceTime).toBe('2021-07-29T11:42');
    expect(transport.labels).not.toContain('FF0A');
  });

  it('refuses a document whose items do not add up to the payments, before talking to the device', async () => {
    const { transport, registrar } = scriptedRegistrar();
    const error = await failure(
      registrar.register({ ...DOC, payments: { cashKopecks: 1, electronicKopecks: 0 } }),
    );
    expect(error).toMatchObject({ code: 'invalid_document', outcomeKnown: true });
    expect(transport.sent).toHaveLength(0);
  });

  it('refuses an electronic-only receipt without a customer contact', async () => {
    const { registrar } = scriptedRegistrar();
    const { customerContact: _, ...withoutContact } = DOC;
    expect(await failure(registrar.register(withoutContact))).toMatchObject({ code: 'invalid_document' });
  });

  it.each([
    [8, 0, true, 'document_open'],
    [3, 0, true, 'shift_expired'],
    [4, 0, true, 'shift_closed'],
    [2, 3, true, 'print_continue_required'],
    [2, 1, false, 'paper_out'],
    [2, 2, false, 'paper_out'],
  ])(
    'refuses mode %i submode %i (electronic only: %s) as %s',
    async (mode, submode, electronicOnly, code) => {
      const { transport, registrar } = scriptedRegistrar();
      transport.state.mode = mode;
      transport.state.submode = submode;
      const error = await failure(registrar.register({ ...DOC, electronicOnly }));
      expect(error).toMatchObject({ code, outcomeKnown: true });
      expect(transport.labels).toEqual(['10']);
    },
  );

  it('prints nothing but still registers an electronic-only receipt when paper is out', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.submode = 1;
    await expect(registrar.register(DOC)).resolves.toMatchObject({ fdNumber: 426 });
  });

  it('cancels the open receipt (88) when a step before FF45 is refused, and reports a known outcome', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF0C', [{ deviceError: 0x10 }]);
    const error = await failure(registrar.register(DOC));
    expect(error).toMatchObject({ code: 'invalid_document', outcomeKnown: true });
    expect(error.details.deviceCode).toBe(0x10);
    expect(transport.labels.slice(-3)).toEqual(['FF0C', '10', '88']);
    expect(transport.labels).not.toContain('FF45');
  });

  it('turns a lost link before FF45 into a known outcome after cancelling the receipt', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF0C', [{ link: 'connection_lost' }]);
    const error = await failure(registrar.register(DOC));
    expect(error).toMatchObject({ code: 'connection_lost', outcomeKnown: true });
    expect(transport.labels.slice(-2)).toEqual(['10', '88']);
  });

  it('leaves a lost FF45 to reconciliation: outcome unknown, no cancel', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF45', [{ link: 'timeout' }]);
    const error = await failure(registrar.register(DOC));
    expect(error).toMatchObject({ code: 'timeout', outcomeKnown: false });
    expect(transport.labels.at(-1)).toBe('FF45');
  });

  it('cancels after an FF45 refusal when the FN formed nothing', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF45', [{ deviceError: 0x45 }]);
    const error = await failure(registrar.register(DOC));
    expect(error).toMatchObject({ code: 'invalid_document', outcomeKnown: true });
    expect(transport.labels.slice(-4)).toEqual(['FF45', 'FF01', '10', '88']);
  });

  it('returns the receipt when FF45 reports a printer error but the FN formed the document', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF45', [{ deviceError: 0x6b }]);
    const original = transport.exchange.bind(transport);
    transport.exchange = async (message, options) => {
      const answer = await original(message, options);
      if (options.label === 'FF45') transport.state.lastFd++; // the FN formed FD 426 before the paper ran out
      return answer;
    };
    const result = await registrar.register(DOC);
    expect(result).toMatchObject({
      fdNumber: 426,
      fiscalSign: '1234567890',
      documentType: 'receipt',
      totalKopecks: 80_100,
    });
    expect(transport.labels.slice(-3)).toEqual(['FF45', 'FF01', 'FF0A']);
    expect(transport.labels).not.toContain('88');
  });
});
