import { describe, expect, it } from 'vitest';
import { toHex } from './hex.ts';
import { scriptedRegistrar } from './scripted-transport.ts';

describe('ShtrihRegistrar.status', () => {
  it('combines 10, 11, FC, FF01, FF03, FF39, FF40 and FF63', async () => {
    const { transport, registrar } = scriptedRegistrar();
    expect(await registrar.status()).toEqual({
      serialNumber: '12345678',
      model: 'PAYONLINE-01-FA',
      shift: { state: 'open', number: 8 },
      documentOpen: false,
      paper: 'present',
      deviceClock: '2021-07-29T11:29:05',
      fn: {
        number: '9287440301120991',
        lastFdNumber: 425,
        validUntil: '2024-10-31',
        fiscalMode: true,
        warnings: {
          replaceUrgently: false,
          resourceExhausting: false,
          memoryAlmostFull: true,
          ofdTimeout: false,
          criticalError: false,
        },
        freeDocuments: 100_000,
      },
      ofd: { unsentCount: 2, oldestUnsentFdNumber: 424, oldestUnsentTime: '2021-07-28T09:05' },
    });
    expect(transport.labels).toEqual(['10', '11', 'FC', 'FF01', 'FF03', 'FF39', 'FF40', 'FF63']);
  });

  it('reports an expired shift, an open document and paper waiting for B0', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.mode = 3;
    transport.state.submode = 3;
    transport.state.currentDocument = 4;
    const status = await registrar.status();
    expect(status.shift.state).toBe('expired');
    expect(status.documentOpen).toBe(true);
    expect(status.paper).toBe('out_waiting_continue');
  });

  it('omits the free-document count when the device does not support FF63', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF63', [{ deviceError: 0x37 }]);
    const status = await registrar.status();
    expect(status.fn.freeDocuments).toBeUndefined();
  });

  it('asks FC only once per driver', async () => {
    const { transport, registrar } = scriptedRegistrar();
    await registrar.status();
    await registrar.status();
    expect(transport.labels.filter((label) => label === 'FC')).toHaveLength(1);
  });
});

describe('ShtrihRegistrar archive', () => {
  it('lastDocument reads FF01 for the number and FF0A for the record', async () => {
    const { transport, registrar } = scriptedRegistrar();
    expect(await registrar.lastDocument()).toEqual({
      fnNumber: '9287440301120991',
      fdNumber: 425,
      fiscalSign: '1234567890',
      deviceTime: '2021-07-29T11:30',
      operation: 'income',
      totalKopecks: 50_000,
      documentType: 'receipt',
    });
    expect(transport.labels).toEqual(['FF01', 'FF0A']);
    expect(toHex(transport.sent[1]!)).toBe('FF 0A 1E 00 00 00 A9 01 00 00');
  });

  it('lastDocument is undefined for an FN without documents', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.lastFd = 0;
    expect(await registrar.lastDocument()).toBeUndefined();
  });

  it('documentByNumber maps the FN «no data» error to undefined', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF0A', [{ deviceError: 0x08 }]);
    expect(await registrar.documentByNumber(9999)).toBeUndefined();
  });

  it('documentByNumber decodes a shift document with its shift number', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.archiveTypes.set(420, 5);
    expect(await registrar.documentByNumber(420)).toMatchObject({
      documentType: 'shift_close',
      shiftNumber: 8,
    });
  });

  it('documentByNumber rethrows other device errors', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF0A', [{ deviceError: 0x02 }]);
    await expect(registrar.documentByNumber(1)).rejects.toMatchObject({ code: 'device_error' });
  });
});

describe('ShtrihRegistrar document recovery', () => {
  it('cancelOpenDocument sends 88 when the device shows an open receipt', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.mode = 8;
    await registrar.cancelOpenDocument();
    expect(transport.labels).toEqual(['10', '88']);
  });

  it('cancelOpenDocument sends FF08 when only the FN has a document open', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.currentDocument = 2;
    await registrar.cancelOpenDocument();
    expect(transport.labels).toEqual(['10', 'FF01', 'FF08']);
  });

  it('cancelOpenDocument does nothing when nothing is open', async () => {
    const { transport, registrar } = scriptedRegistrar();
    await registrar.cancelOpenDocument();
    expect(transport.labels).toEqual(['10', 'FF01']);
  });

  it('continuePrinting sends B0 and xReport sends 40', async () => {
    const { transport, registrar } = scriptedRegistrar();
    await registrar.continuePrinting();
    await registrar.xReport({ name: 'Иванова' });
    expect(transport.sent.map(toHex)).toEqual(['B0 1E 00 00 00', '40 1E 00 00 00']);
  });

  it('uses the configured password in every command', async () => {
    const { transport, registrar } = scriptedRegistrar({ password: 0x01020304 });
    await registrar.continuePrinting();
    expect(toHex(transport.sent[0]!)).toBe('B0 04 03 02 01');
  });
});

describe('ShtrihRegistrar shifts', () => {
  it('opens a shift: FF41 → FF0C 1021 → FF0C 1203 → FF0B, time from FF0A', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.mode = 4;
    transport.archiveTypes.set(426, 2);
    const report = await registrar.openShift({ name: 'Иванова', inn: '500100732259' });
    // FF01 only because the FN number is not cached yet (documentByNumber needs it).
    expect(transport.labels).toEqual(['10', 'FF41', 'FF0C', 'FF0C', 'FF0B', 'FF01', 'FF0A']);
    expect(report).toEqual({
      shiftNumber: 9,
      fdNumber: 426,
      fiscalSign: '123456789',
      deviceTime: '2021-07-29T11:30',
    });
  });

  it('refuses to open an open shift', async () => {
    const { transport, registrar } = scriptedRegistrar();
    await expect(registrar.openShift({ name: 'Иванова' })).rejects.toMatchObject({ code: 'shift_open' });
    expect(transport.labels).toEqual(['10']);
  });

  it('closes a shift: FF42 → FF0C → FF43 with the extended DATE_TIME', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.extendedAnswers = true;
    const report = await registrar.closeShift({ name: 'Иванова' });
    expect(transport.labels).toEqual(['10', 'FF42', 'FF0C', 'FF43']);
    expect(report).toEqual({
      shiftNumber: 8,
      fdNumber: 426,
      fiscalSign: '123456789',
      deviceTime: '2021-07-29T23:59',
    });
  });

  it('closes an expired shift but refuses a closed one', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.state.mode = 3;
    await expect(registrar.closeShift({ name: 'Иванова' })).resolves.toMatchObject({ fdNumber: 426 });
    await expect(registrar.closeShift({ name: 'Иванова' })).rejects.toMatchObject({ code: 'shift_closed' });
  });

  it('cancels the started FN document when the cashier TLV is refused', async () => {
    const { transport, registrar } = scriptedRegistrar();
    transport.faults.set('FF0C', [{ deviceError: 0x10 }]);
    await expect(registrar.closeShift({ name: 'Иванова' })).rejects.toMatchObject({
      code: 'invalid_document',
    });
    expect(transport.labels).toEqual(['10', 'FF42', 'FF0C', 'FF08']);
  });
});
