import { describe, expect, it } from 'vitest';
import {
  CASHIER,
  closeRequest,
  createDevice,
  HOUR,
  le,
  openShift,
  operationRequest,
  SYSADMIN,
  sellFor,
} from './device-fixture.ts';

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([le(tag, 2), le(value.length, 2), value]);
}

describe('FF46 Операция V2 and FF45 close', () => {
  it('opens the receipt with the first FF46 (mode 8.0) and closes it with FD, FP, change and DATE_TIME', () => {
    const device = createDevice();
    openShift(device);
    expect(
      device.send(0xff46, operationRequest({ priceKopecks: 50_000, name: 'Интернет, л/с 1001' })).error,
    ).toBe(0);
    expect(device.device.mode()).toBe(0x08);
    expect(device.fn.status().currentDocument).toBe(0x04);
    const close = device.send(0xff45, closeRequest({ cash: 60_000 }));
    expect(close.error).toBe(0);
    expect(close.data.length).toBe(5 + 4 + 4 + 5);
    expect(close.data.readUIntLE(0, 5)).toBe(10_000); // change
    const fdNumber = close.data.readUInt32LE(5);
    const record = device.fn.find(fdNumber);
    expect(close.data.readUInt32LE(9)).toBe(record.fiscalSign);
    expect([...close.data.subarray(13)]).toEqual([26, 3, 2, 9, 0]); // 2026-03-02 09:00 local
    expect(record).toMatchObject({ kind: 'receipt', operation: 1, totalKopecks: 50_000 });
    expect(record.receipt?.items[0]).toMatchObject({
      name: 'Интернет, л/с 1001',
      sumKopecks: 50_000,
      taxRate: 0x08,
    });
    expect(device.device.mode()).toBe(0x02);
  });

  it('computes the line sum as price × quantity (6 decimals) when FF46 leaves it all FF', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 3333, quantityMillionths: 1_500_000 }));
    expect(device.device.openReceipt?.items[0]?.sumKopecks).toBe(5000); // 49.995 → 50.00
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100, sumKopecks: 102 })).error).toBe(0x33);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100, sumKopecks: 101 })).error).toBe(0);
  });

  it('takes the tax rate as a bit mask and refuses other values', () => {
    const device = createDevice();
    openShift(device);
    for (const rate of [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x81, 0x82, 0x84, 0x88]) {
      expect(device.send(0xff46, operationRequest({ priceKopecks: 100, taxRate: rate })).error).toBe(0);
    }
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100, taxRate: 3 })).error).toBe(0x33);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100, taxRate: 0 })).error).toBe(0x33);
  });

  it('refuses a line of another operation type in an open receipt (49h)', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100, operation: 2 }));
    expect(device.device.mode()).toBe(0x28); // 8.2 возврат продажи
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100, operation: 1 })).error).toBe(0x49);
  });

  it('refuses payments below the total (45h) and electronic above it (4Dh), leaving the receipt open', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 10_000 }));
    expect(device.send(0xff45, closeRequest({ cash: 9_999 })).error).toBe(0x45);
    expect(device.send(0xff45, closeRequest({ electronic: 10_001 })).error).toBe(0x4d);
    expect(device.send(0xff45, closeRequest({ cash: 10_000, taxSystem: 0x03 })).error).toBe(0x33);
    expect(device.device.openReceipt).toBeDefined();
    const close = device.send(0xff45, closeRequest({ cash: 4_000, electronic: 6_000 }));
    expect(close.error).toBe(0);
    expect(device.fn.find(close.data.readUInt32LE(5)).receipt).toMatchObject({
      cashKopecks: 4_000,
      electronicKopecks: 6_000,
      changeKopecks: 0,
    });
  });

  it('answers FF45 with the error code alone when there is no receipt (55h)', () => {
    const device = createDevice();
    openShift(device);
    const answer = device.send(0xff45, closeRequest({ cash: 100 }));
    expect(answer.error).toBe(0x55);
    expect([...answer.raw]).toEqual([0xff, 0x45, 0x55]);
  });

  it('keeps FF0C TLVs with the document (1008, 1021, 1203) and refuses them with no document begun', () => {
    const device = createDevice();
    openShift(device);
    expect(device.send(0xff0c, SYSADMIN, tlv(1008, Buffer.from('+79990000000'))).error).toBe(0x02);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    const cashier = Buffer.concat([tlv(1021, Buffer.from('Ivanov')), tlv(1203, Buffer.from('500100732259'))]);
    expect(device.send(0xff0c, SYSADMIN, tlv(1008, Buffer.from('+79990000000'))).error).toBe(0);
    expect(device.send(0xff0c, SYSADMIN, cashier).error).toBe(0);
    expect(device.send(0xff0c, SYSADMIN, Buffer.from([0xf0, 0x03, 0x09, 0x00, 0x41])).error).toBe(0x33);
    const close = device.send(0xff45, closeRequest({ cash: 100 }));
    const record = device.fn.find(close.data.readUInt32LE(5));
    expect(record.tlvs?.map((item) => item.tag)).toEqual([1008, 1021, 1203]);
  });

  it('cancels the receipt with 88h (mode back to 2, no FD formed) and 88h without a receipt is 55h', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    const cancel = device.send(0x88, SYSADMIN);
    expect(cancel.error).toBe(0);
    expect([...cancel.data]).toEqual([30]);
    expect(device.device.mode()).toBe(0x02);
    expect(device.fn.status().currentDocument).toBe(0);
    expect(device.fn.state.lastFdNumber).toBe(2);
    expect(device.send(0x88, SYSADMIN).error).toBe(0x55);
  });

  it('cancels any begun FN document with FF08h, and FF08h with nothing begun is accepted', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    expect(device.send(0xff08, SYSADMIN).error).toBe(0);
    expect(device.device.openReceipt).toBeUndefined();
    expect(device.send(0xff08, SYSADMIN).error).toBe(0);
  });
});

describe('receipts and the shift', () => {
  it('refuses FF46 with the shift closed (3Dh) and after 24 hours (4Eh, mode 3), while Z still closes it', () => {
    const device = createDevice();
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100 })).error).toBe(0x3d);
    openShift(device);
    device.pass(24 * HOUR + 60_000);
    expect(device.device.mode()).toBe(0x03);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100 })).error).toBe(0x4e);
    expect(device.send(0x41, SYSADMIN).error).toBe(0);
    expect(device.device.mode()).toBe(0x04);
  });

  it('refuses FF45 for a receipt whose shift ran past 24 hours while it was open', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    device.pass(25 * HOUR);
    expect(device.send(0xff45, closeRequest({ cash: 100 })).error).toBe(0x4e);
  });

  it('refuses shift reports while a receipt is open (4Ah)', () => {
    const device = createDevice();
    openShift(device);
    device.send(0xff46, operationRequest({ priceKopecks: 100 }));
    expect(device.send(0x41, SYSADMIN).error).toBe(0x4a);
    expect(device.send(0x40, SYSADMIN).error).toBe(0x4a);
  });

  it('numbers receipts within the shift (FF40)', () => {
    const device = createDevice();
    openShift(device);
    sellFor(device, 100);
    sellFor(device, 200);
    const params = device.send(0xff40, SYSADMIN);
    expect([...params.data]).toEqual([1, 1, 0, 2, 0]);
  });

  it('lets an operator password sell, but FF45 wants the system administrator (4Fh)', () => {
    const device = createDevice();
    openShift(device);
    expect(device.send(0xff46, operationRequest({ priceKopecks: 100, password: CASHIER })).error).toBe(0);
    const wrong = closeRequest({ cash: 100 });
    CASHIER.copy(wrong, 0);
    expect(device.send(0xff45, wrong).error).toBe(0x4f);
  });
});
