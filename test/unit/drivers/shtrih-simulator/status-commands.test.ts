import { describe, expect, it } from 'vitest';
import { decodeCp1251 } from '../../../../drivers/shtrih/protocol/text-encoding.ts';
import {
  ADMIN,
  CASHIER,
  closeRequest,
  createDevice,
  DAY,
  FN_NUMBER,
  le,
  openShift,
  operationRequest,
  SYSADMIN,
  sellFor,
} from './device-fixture.ts';

describe('10h short status', () => {
  it('has the real device layout: operator, flags, mode, submode, operations, 9F E5 18 01, ops high, 3 reserved', () => {
    const device = createDevice();
    const closed = device.send(0x10, SYSADMIN);
    expect(closed.raw.length).toBe(16);
    expect([...closed.raw]).toEqual([
      0x10, 0x00, 0x1e, 0x92, 0x02, 0x04, 0x00, 0x00, 0x9f, 0xe5, 0x18, 0x01, 0x00, 0x00, 0x00, 0x00,
    ]);
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    const open = device.send(0x10, CASHIER);
    expect(open.data[0]).toBe(1); // operator 1
    expect(open.data[3]).toBe(0x08); // mode 8.0
    expect(open.data[5]).toBe(1); // one operation
  });

  it('drops the paper flags when the paper is out, and refuses a wrong password with 4Fh alone', () => {
    const device = createDevice();
    device.printer.remove();
    const status = device.send(0x10, SYSADMIN);
    expect(status.data.readUInt16LE(1)).toBe(0x0210);
    expect(status.data[4]).toBe(1);
    expect([...device.send(0x10, le(31, 4)).raw]).toEqual([0x10, 0x4f]);
  });
});

describe('11h full status and FCh device type', () => {
  it('answers 48 bytes with mode, port 128 and the date-time of the device', () => {
    const device = createDevice();
    const answer = device.send(0x11, SYSADMIN);
    expect(answer.raw.length).toBe(48);
    expect(answer.data[13]).toBe(0x04); // mode
    expect(answer.data[15]).toBe(128); // TCP socket
    expect([...answer.data.subarray(23, 29)]).toEqual([2, 3, 26, 9, 0, 0]); // 02.03.26 09:00:00
  });

  it('names the model PAYONLINE-01-ФА in CP1251, protocol 1.14, model 255, without a password', () => {
    const device = createDevice();
    const answer = device.send(0xfc);
    expect(answer.error).toBe(0);
    expect([...answer.data.subarray(0, 6)]).toEqual([0, 0, 1, 14, 255, 0]);
    expect(decodeCp1251(answer.data.subarray(6))).toBe('PAYONLINE-01-ФА');
  });

  it('answers 37h to commands it does not implement, 01h included', () => {
    const device = createDevice();
    expect([...device.send(0x01, SYSADMIN, Uint8Array.of(4)).raw]).toEqual([0x01, 0x37]);
    expect([...device.send(0xff70, SYSADMIN).raw]).toEqual([0xff, 0x70, 0x37]);
  });
});

describe('FN queries', () => {
  it('FF01: phase, current document, data flag, shift, warnings, DATE_TIME, FN number, last FD (33 bytes)', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    const answer = device.send(0xff01, SYSADMIN);
    expect(answer.raw.length).toBe(33);
    expect([...answer.data.subarray(0, 5)]).toEqual([0x03, 0x04, 0x01, 0x01, 0x00]);
    expect([...answer.data.subarray(5, 10)]).toEqual([26, 3, 2, 9, 0]);
    expect(answer.data.subarray(10, 26).toString('latin1')).toBe(FN_NUMBER);
    expect(answer.data.readUInt32LE(26)).toBe(2);
  });

  it('FF02 number, FF03 validity (YY MM DD, registrations left and done)', () => {
    const device = createDevice({ validUntil: '2028-12-31' });
    expect(device.send(0xff02, SYSADMIN).data.toString('latin1')).toBe(FN_NUMBER);
    expect([...device.send(0xff03, SYSADMIN).data]).toEqual([28, 12, 31, 11, 1]);
  });

  it('FF0A finds receipts, shift reports and the registration in the archive; 08h for an unknown FD', () => {
    const device = createDevice({ ofdOnline: true });
    openShift(device);
    sellFor(device, 12_345);
    const receipt = device.send(0xff0a, SYSADMIN, le(3, 4));
    expect(receipt.error).toBe(0);
    expect([...receipt.data.subarray(0, 2)]).toEqual([3, 1]); // кассовый чек, OFD receipt received
    expect([...receipt.data.subarray(2, 7)]).toEqual([26, 3, 2, 9, 0]);
    expect(receipt.data.readUInt32LE(7)).toBe(3);
    expect(receipt.data.readUInt32LE(11)).toBe(device.fn.find(3).fiscalSign);
    expect(receipt.data[15]).toBe(1);
    expect(receipt.data.readUIntLE(16, 5)).toBe(12_345);
    expect(receipt.data.length).toBe(21);

    const shift = device.send(0xff0a, SYSADMIN, le(2, 4));
    expect(shift.data[0]).toBe(2);
    expect(shift.data.readUInt16LE(15)).toBe(1);
    expect(shift.data.length).toBe(17);

    const registration = device.send(0xff0a, SYSADMIN, le(1, 4));
    expect(registration.data[0]).toBe(1);
    expect(registration.data.length).toBe(2 + 13 + 12 + 20 + 2);

    expect([...device.send(0xff0a, SYSADMIN, le(4, 4)).raw]).toEqual([0xff, 0x0a, 0x08]);
  });

  it('FF39 and FF3F report the OFD queue: count, first unsent FD and its DATE_TIME', () => {
    const device = createDevice({ ofdOnline: false });
    const empty = device.send(0xff39, SYSADMIN);
    expect([...empty.data]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    openShift(device);
    device.pass(DAY / 24);
    sellFor(device, 100);
    const queued = device.send(0xff39, SYSADMIN);
    expect(queued.data[0]).toBe(0x02);
    expect(queued.data.readUInt16LE(2)).toBe(2);
    expect(queued.data.readUInt32LE(4)).toBe(2);
    expect([...queued.data.subarray(8)]).toEqual([26, 3, 2, 9, 0]);
    expect(device.send(0xff3f, SYSADMIN).data.readUInt16LE(0)).toBe(2);
    device.ofd.setOnline(true);
    expect(device.send(0xff3f, SYSADMIN).data.readUInt16LE(0)).toBe(0);
    expect(device.send(0xff39, SYSADMIN).data[0]).toBe(0x01);
  });

  it('FF63 reports the documents left (11 bytes)', () => {
    const device = createDevice({ capacity: 10 });
    const answer = device.send(0xff63, SYSADMIN);
    expect(answer.raw.length).toBe(11);
    expect(answer.data.readUInt32LE(0)).toBe(9);
  });

  it('FN commands want the system administrator password', () => {
    const device = createDevice();
    expect(device.send(0xff01, ADMIN).error).toBe(0x4f);
  });
});

describe('shift commands', () => {
  it('FF41 + FF0C cashier + FF0B opens the shift: shift №, FD, FP', () => {
    const device = createDevice();
    expect(device.send(0xff0b, SYSADMIN).error).toBe(0x02); // no «Начать открытие смены»
    expect(device.send(0xff41, SYSADMIN).error).toBe(0);
    expect(device.fn.status().currentDocument).toBe(0x02);
    const name = Buffer.from('Ivanov');
    expect(device.send(0xff0c, SYSADMIN, le(1021, 2), le(name.length, 2), name).error).toBe(0);
    const open = device.send(0xff0b, SYSADMIN);
    expect(open.raw.length).toBe(13);
    expect(open.data.readUInt16LE(0)).toBe(1);
    expect(open.data.readUInt32LE(2)).toBe(2);
    expect(open.data.readUInt32LE(6)).toBe(device.fn.find(2).fiscalSign);
    expect(device.fn.find(2).tlvs?.[0]?.tag).toBe(1021);
    expect(device.send(0xff41, SYSADMIN).error).toBe(0x02);
    expect(device.send(0xe0, SYSADMIN).error).toBe(0x3c);
  });

  it('FF42 + FF43 closes the shift: shift №, FD, FP, DATE_TIME', () => {
    const device = createDevice();
    openShift(device);
    expect(device.send(0xff42, SYSADMIN).error).toBe(0);
    const close = device.send(0xff43, SYSADMIN);
    expect(close.raw.length).toBe(18);
    expect(close.data.readUInt16LE(0)).toBe(1);
    expect(close.data.readUInt32LE(2)).toBe(3);
    expect([...close.data.subarray(10)]).toEqual([26, 3, 2, 9, 0]);
    expect(device.device.mode()).toBe(0x04);
    expect(device.send(0x41, SYSADMIN).error).toBe(0x3d);
  });

  it('X report wants an administrator, Z forms a shift-close document', () => {
    const device = createDevice();
    openShift(device);
    expect(device.send(0x40, CASHIER).error).toBe(0x4f);
    expect([...device.send(0x40, ADMIN).raw]).toEqual([0x40, 0, 29]);
    expect(device.send(0x41, ADMIN).error).toBe(0);
    expect(device.fn.find(3)).toMatchObject({ kind: 'shift_close', shiftNumber: 1 });
    expect(device.printer.printouts.map((printout) => printout.title)).toEqual([
      'shift 1 open report',
      'X report',
      'shift 1 close report (Z)',
    ]);
  });
});

describe('paper', () => {
  it('submode 1 (passive) refuses printing commands with 6Bh until paper is loaded', () => {
    const device = createDevice();
    openShift(device);
    device.printer.remove();
    expect(device.device.submode()).toBe(1);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100 })).error).toBe(0x6b);
    expect(device.send(0x10, SYSADMIN).error).toBe(0);
    device.printer.insert();
    expect(device.device.submode()).toBe(0);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100 })).error).toBe(0);
  });

  it('a receipt printed while the paper runs out is fiscalized; submodes 2 → 3 → B0 → 0 complete the printout', () => {
    const device = createDevice();
    openShift(device);
    device.printer.runOutDuringNextPrint();
    const close = sellFor(device, 700);
    expect(close.error).toBe(0);
    const fdNumber = close.data.readUInt32LE(5);
    expect(device.fn.find(fdNumber).kind).toBe('receipt');
    expect(device.device.submode()).toBe(2);
    expect(device.printer.printouts.at(-1)).toEqual({
      title: `receipt FD ${fdNumber}`,
      fdNumber,
      complete: false,
    });
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100 })).error).toBe(0x6b);
    expect(device.send(0xb0, SYSADMIN).error).toBe(0x6b);
    expect(device.send(0xff01, SYSADMIN).error).toBe(0);
    device.printer.insert();
    expect(device.device.submode()).toBe(3);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100 })).error).toBe(0x58);
    expect(device.send(0xb0, SYSADMIN).error).toBe(0);
    expect(device.device.submode()).toBe(0);
    expect(device.printer.printouts.at(-1)?.complete).toBe(true);
  });

  it('table 17 row 1 field 7 = 1 makes receipts electronic-only: nothing printed, no paper needed', () => {
    const device = createDevice();
    openShift(device);
    expect(device.send(0x1e, SYSADMIN, le(17, 1), le(1, 2), le(7, 1), le(1, 1)).error).toBe(0);
    expect([...device.send(0x1f, SYSADMIN, le(17, 1), le(1, 2), le(7, 1)).data]).toEqual([1]);
    device.printer.remove();
    const close = sellFor(device, 100);
    expect(close.error).toBe(0);
    expect(device.fn.find(close.data.readUInt32LE(5)).receipt?.electronicOnly).toBe(true);
    expect(device.printer.printouts.map((printout) => printout.title)).toEqual(['shift 1 open report']);
    expect(device.send(0xff45, closeRequest({ cash: 1 })).error).toBe(0x55);
  });
});
