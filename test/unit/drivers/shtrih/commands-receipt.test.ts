import { describe, expect, it } from 'vitest';
import {
  cancelFnDocument,
  cancelReceipt,
  closeReceiptV2,
  continuePrinting,
  operationV2,
} from '../../../../drivers/shtrih/protocol/commands/receipt.ts';
import {
  ELECTRONIC_ONLY_CELL,
  readTable,
  writeTable,
} from '../../../../drivers/shtrih/protocol/commands/tables.ts';
import {
  cashierInnTlv,
  cashierNameTlv,
  customerContactTlv,
  writeTlv,
} from '../../../../drivers/shtrih/protocol/commands/tlv.ts';
import { decodeFrame, encodeFrame } from '../../../../drivers/shtrih/protocol/frame.ts';
import { CAPTURE } from './capture.ts';
import { decodeWith } from './decode-with.ts';
import { hex, toHex } from './hex.ts';

describe('FF46h operation V2', () => {
  const command = operationV2(30, {
    operation: 'income',
    quantityMicro: 1_000_000,
    priceKopecks: 50_000,
    vat: 'none',
    paymentMethod: 'full_payment',
    paymentObject: 'service',
    name: 'Интернет',
  });

  it('has the 160 bytes of the spec and its fixed fields in order', () => {
    expect(command.message.length).toBe(160);
    expect(toHex(command.message.subarray(0, 32))).toBe(
      [
        'FF 46',
        '1E 00 00 00', // password 30
        '01', // приход
        '40 42 0F 00 00 00', // quantity 1.000000
        '50 C3 00 00 00', // price 500.00
        'FF FF FF FF FF', // sum: computed by the device
        'FF FF FF FF FF', // tax: not given
        '08', // без НДС (bit mask)
        '01', // department 1
        '04', // 1214 полный расчёт
        '04', // 1212 услуга
      ].join(' '),
    );
  });

  it('sends the name in CP1251, zero-padded to 128 bytes', () => {
    expect(toHex(command.message.subarray(32, 40))).toBe('C8 ED F2 E5 F0 ED E5 F2');
    expect(command.message.subarray(40).every((byte) => byte === 0)).toBe(true);
  });

  it('writes tax masks, explicit sums and operation types', () => {
    const message = operationV2(30, {
      operation: 'expense_return',
      quantityMicro: 2_500_000,
      priceKopecks: 1,
      sumKopecks: 3,
      taxKopecks: 0,
      vat: 'vat105',
      department: 0,
      paymentMethod: 'full_prepayment',
      paymentObject: 'payment',
      name: 'x'.repeat(200),
    }).message;
    expect(message.length).toBe(160);
    expect(toHex(message.subarray(6, 32))).toBe(
      '04 A0 25 26 00 00 00 01 00 00 00 00 03 00 00 00 00 00 00 00 00 00 84 00 01 0A',
    );
  });

  it('has an answer with nothing but the error code', () => {
    expect(decodeWith(command, hex('FF 46 00'))).toBeUndefined();
  });
});

describe('FF45h close receipt V2', () => {
  it('reproduces the re-star-ru golden body: cash 1 kop, ПСН, 182 bytes', () => {
    const command = closeReceiptV2(30, { cashKopecks: 1, electronicKopecks: 0, taxSystem: 'patent' });
    const expected = Buffer.alloc(182);
    hex('FF 45 1E 00 00 00 01').copy(expected, 0);
    expected[117] = 0x20;
    expect(toHex(command.message)).toBe(toHex(expected));
    const frame = encodeFrame(command.message);
    expect(frame[1]).toBe(0xb6);
    expect(frame[frame.length - 1]).toBe(0x33);
  });

  it('puts the electronic part into payment type 2 and the СНО bit after the taxes', () => {
    const message = closeReceiptV2(30, {
      cashKopecks: 10_000,
      electronicKopecks: 40_000,
      taxSystem: 'usn_income',
      text: 'Спасибо',
    }).message;
    expect(toHex(message.subarray(6, 16))).toBe('10 27 00 00 00 40 9C 00 00 00');
    expect(message[117]).toBe(0x02);
    expect(toHex(message.subarray(118, 125))).toBe('D1 EF E0 F1 E8 E1 EE');
  });

  it('decodes change, FD and FP, and the extended DATE_TIME when present', () => {
    const command = closeReceiptV2(30, { cashKopecks: 0, electronicKopecks: 1, taxSystem: 'osn' });
    expect(decodeWith(command, hex('FF 45 00 00 00 00 00 00 AA 01 00 00 D2 02 96 49'))).toEqual({
      changeKopecks: 0,
      fdNumber: 426,
      fiscalSign: 1234567890,
    });
    expect(
      decodeWith(command, hex('FF 45 00 00 00 00 00 00 AA 01 00 00 D2 02 96 49 15 07 1D 0B 2A')),
    ).toEqual({
      changeKopecks: 0,
      fdNumber: 426,
      fiscalSign: 1234567890,
      dateTime: '2021-07-29T11:42',
    });
  });

  it('is a printing command (long answer timeout)', () => {
    expect(closeReceiptV2(30, { cashKopecks: 0, electronicKopecks: 1, taxSystem: 'osn' }).timing).toBe(
      'print',
    );
  });
});

describe('cancel, continue, TLV and tables', () => {
  it('88h matches the capture both ways', () => {
    expect(toHex(encodeFrame(cancelReceipt(30).message))).toBe(toHex(CAPTURE.cancelReceiptRequest));
    expect(decodeWith(cancelReceipt(30), decodeFrame(CAPTURE.cancelReceiptAnswer))).toEqual({ operator: 30 });
  });

  it('FF08h and B0h carry only the password', () => {
    expect(toHex(cancelFnDocument(30).message)).toBe('FF 08 1E 00 00 00');
    expect(toHex(continuePrinting(30).message)).toBe('B0 1E 00 00 00');
  });

  it('FF0Ch sends tag and length as UInt16 LE and strings in CP866', () => {
    expect(toHex(cashierNameTlv('Иванов'))).toBe('FD 03 06 00 88 A2 A0 AD AE A2');
    expect(toHex(customerContactTlv('+79001234567'))).toBe('F0 03 0C 00 2B 37 39 30 30 31 32 33 34 35 36 37');
    expect(toHex(writeTlv(30, cashierNameTlv('Иванов')).message)).toBe(
      'FF 0C 1E 00 00 00 FD 03 06 00 88 A2 A0 AD AE A2',
    );
  });

  it('pads a 10-digit INN to the 12 characters of tag 1203', () => {
    expect(toHex(cashierInnTlv('7701234567'))).toBe('B3 04 0C 00 37 37 30 31 32 33 34 35 36 37 20 20');
  });

  it('refuses a TLV longer than 250 bytes', () => {
    expect(() => writeTlv(30, Buffer.alloc(251))).toThrow(RangeError);
  });

  it('1Eh writes table 17 row 1 field 7 for an electronic-only receipt', () => {
    expect(toHex(writeTable(30, ELECTRONIC_ONLY_CELL, Uint8Array.of(1)).message)).toBe(
      '1E 1E 00 00 00 11 01 00 07 01',
    );
  });

  it('1Fh matches the fr_drv_ng capture (table 10, row 1, field 29 → 02)', () => {
    const command = readTable(30, { table: 10, row: 1, field: 29 });
    expect(toHex(command.message)).toBe('1F 1E 00 00 00 0A 01 00 1D');
    expect(toHex(decodeWith(command, hex('1F 00 02')))).toBe('02');
  });
});
