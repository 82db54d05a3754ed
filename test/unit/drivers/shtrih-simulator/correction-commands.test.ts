// The simulator's FF35h/FF4Ah, with requests built from the spec's field tables (v1.17 p. 49, p. 54)
// independently of the driver's encoders.
import { describe, expect, it } from 'vitest';
import { encodeCp866 } from '../../../../drivers/shtrih/protocol/text-encoding.ts';
import {
  closeRequest,
  createDevice,
  HOUR,
  le,
  openShift,
  operationRequest,
  SYSADMIN,
  sellFor,
  type TestDevice,
} from './device-fixture.ts';

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([le(tag, 2), le(value.length, 2), value]);
}

/** 1174 {1178 UnixTime, 1179 text} — FFD appendix 2, table 29. */
function basis(date: string, number: string): Buffer {
  const seconds = Date.parse(`${date}T00:00:00Z`) / 1000;
  return tlv(1174, Buffer.concat([tlv(1178, le(seconds, 4)), tlv(1179, encodeCp866(number))]));
}

interface CorrectionFields {
  type?: number;
  operation?: number;
  total: number;
  cash?: number;
  electronic?: number;
  vat?: number[];
  taxSystem?: number;
}

/** FF4A request data: password, type, operation, total, 5 payment sums, 6 VAT sums, tax system. */
function formRequest(fields: CorrectionFields): Buffer {
  const vat = fields.vat ?? [0, 0, 0, fields.total, 0, 0];
  return Buffer.concat([
    SYSADMIN,
    le(fields.type ?? 0, 1),
    le(fields.operation ?? 1, 1),
    le(fields.total, 5),
    le(fields.cash ?? 0, 5),
    le(fields.electronic ?? fields.total, 5),
    le(0, 15),
    ...vat.map((sum) => le(sum, 5)),
    le(fields.taxSystem ?? 0x02, 1),
  ]);
}

function begin(device: TestDevice, date = '2026-02-20', number = ''): void {
  expect(device.send(0xff35, SYSADMIN).error).toBe(0);
  expect(device.send(0xff0c, SYSADMIN, basis(date, number)).error).toBe(0);
}

describe('FF35 / FF4A correction receipt', () => {
  it('forms a correction receipt: FN document 14h while begun, archive type 31, FD and FP answered', () => {
    const device = createDevice();
    openShift(device);
    sellFor(device, 100);
    device.send(0xff35, SYSADMIN);
    expect(device.device.mode()).toBe(0x02); // no KKT receipt is open
    expect(device.fn.status().currentDocument).toBe(0x14);
    expect(device.send(0xff0c, SYSADMIN, basis('2026-02-20', '')).error).toBe(0);
    expect(device.send(0xff0c, SYSADMIN, tlv(1021, encodeCp866('Петров'))).error).toBe(0);
    const answer = device.send(0xff4a, formRequest({ total: 12_000, cash: 2_000, electronic: 10_000 }));
    expect(answer.error).toBe(0);
    expect(answer.data.length).toBe(2 + 4 + 4 + 5);
    expect(answer.data.readUInt16LE(0)).toBe(2); // the second receipt of the shift
    const fdNumber = answer.data.readUInt32LE(2);
    const record = device.fn.find(fdNumber);
    expect(answer.data.readUInt32LE(6)).toBe(record.fiscalSign);
    expect([...answer.data.subarray(10)]).toEqual([26, 3, 2, 9, 0]);
    expect(record).toMatchObject({
      kind: 'correction',
      operation: 1,
      totalKopecks: 12_000,
      receiptNumber: 2,
      correction: {
        correctionType: 0,
        cashKopecks: 2_000,
        electronicKopecks: 10_000,
        baseDate: '2026-02-20',
        baseNumber: '',
        taxSystem: 0x02,
      },
    });
    expect(record.tlvs?.map((item) => item.tag)).toEqual([1174, 1021]);
    expect(device.fn.state.shift.receiptCount).toBe(2);
    expect(device.fn.unsent().map((item) => item.fdNumber)).toContain(fdNumber);
    expect(device.fn.status().currentDocument).toBe(0);
    expect(device.printer.printouts.at(-1)).toMatchObject({ title: `correction receipt FD ${fdNumber}` });

    // FF0A answers it as type 31 with the operation and total (the receipt layout).
    const found = device.send(0xff0a, SYSADMIN, le(fdNumber, 4));
    expect(found.error).toBe(0);
    expect(found.data[0]).toBe(31);
    expect(found.data.subarray(2 + 5 + 8).toString('hex')).toBe(`01${le(12_000, 5).toString('hex')}`);
  });

  it('refuses FF35 without an open shift (3Dh), over 24 h (4Eh) and with a receipt open (4Ah)', () => {
    const device = createDevice();
    expect(device.send(0xff35, SYSADMIN).error).toBe(0x3d);
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    expect(device.send(0xff35, SYSADMIN).error).toBe(0x4a);
    device.send(0x88, SYSADMIN);
    device.pass(25 * HOUR);
    expect(device.send(0xff35, SYSADMIN).error).toBe(0x4e);
    expect(device.fn.openDocument).toBeUndefined();
  });

  it('refuses FF4A without FF35 (02h) and a second document while a correction is begun (02h)', () => {
    const device = createDevice();
    openShift(device);
    expect(device.send(0xff4a, formRequest({ total: 100 })).error).toBe(0x02);
    begin(device);
    expect(device.send(0xff35, SYSADMIN).error).toBe(0x02);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100 })).error).toBe(0x02);
  });

  it('refuses FF4A without tag 1174 (02h) and keeps the correction begun', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff35, SYSADMIN);
    expect(device.send(0xff4a, formRequest({ total: 100 })).error).toBe(0x02);
    expect(device.fn.openDocument?.kind).toBe('correction');
  });

  it('checks the type, the operation (1 or 3), the tax system and the sums', () => {
    const device = createDevice();
    openShift(device);
    begin(device);
    expect(device.send(0xff4a, formRequest({ total: 100, type: 2 })).error).toBe(0x33);
    expect(device.send(0xff4a, formRequest({ total: 100, operation: 2 })).error).toBe(0x33);
    expect(device.send(0xff4a, formRequest({ total: 100, taxSystem: 0x03 })).error).toBe(0x33);
    expect(device.send(0xff4a, formRequest({ total: 0 })).error).toBe(0x8e);
    expect(device.send(0xff4a, formRequest({ total: 100, electronic: 99 })).error).toBe(0x45);
    expect(device.send(0xff4a, formRequest({ total: 100, cash: 50, electronic: 51 })).error).toBe(0x33);
    expect(device.send(0xff4a, formRequest({ total: 100, vat: [101, 0, 0, 0, 0, 0] })).error).toBe(0x33);
    expect(device.send(0xff4a, Buffer.concat([formRequest({ total: 100 }), le(0, 1)])).error).toBe(0x33);
    const answer = device.send(
      0xff4a,
      formRequest({ total: 100, type: 1, operation: 3, vat: [17, 0, 0, 0, 0, 0] }),
    );
    expect(answer.error).toBe(0);
    expect(device.fn.find(answer.data.readUInt32LE(2))).toMatchObject({
      operation: 3,
      correction: { correctionType: 1, vatSums: [17, 0, 0, 0, 0, 0] },
    });
  });

  it('is cancelled by FF08 and refused with no paper unless electronic only', () => {
    const device = createDevice();
    openShift(device);
    begin(device);
    expect(device.send(0xff08, SYSADMIN).error).toBe(0);
    expect(device.fn.status().currentDocument).toBe(0);
    device.printer.remove();
    expect(device.send(0xff35, SYSADMIN).error).toBe(0x6b);
    device.device.tables.setElectronicOnly(true);
    begin(device, '2026-03-01', '№ 5');
    const answer = device.send(0xff4a, formRequest({ total: 700 }));
    expect(answer.error).toBe(0);
    expect(device.fn.find(answer.data.readUInt32LE(2)).correction).toMatchObject({
      electronicOnly: true,
      baseNumber: '№ 5',
    });
    expect(device.send(0xff45, closeRequest({ cash: 1 })).error).toBe(0x55);
  });
});
