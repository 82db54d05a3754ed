import { describe, expect, it } from 'vitest';
import { findFnDocument } from '../../../../drivers/shtrih/protocol/commands/fn-archive.ts';
import {
  beginCloseShift,
  beginOpenShift,
  closeShiftFn,
  openShiftFn,
  openShiftLegacy,
  xReport,
  zReport,
} from '../../../../drivers/shtrih/protocol/commands/shift.ts';
import { decodeWith } from './decode-with.ts';
import { hex, toHex } from './hex.ts';

describe('shift commands', () => {
  it('encode with the password only', () => {
    expect(toHex(beginOpenShift(30).message)).toBe('FF 41 1E 00 00 00');
    expect(toHex(openShiftFn(30).message)).toBe('FF 0B 1E 00 00 00');
    expect(toHex(beginCloseShift(30).message)).toBe('FF 42 1E 00 00 00');
    expect(toHex(closeShiftFn(30).message)).toBe('FF 43 1E 00 00 00');
    expect(toHex(openShiftLegacy(30).message)).toBe('E0 1E 00 00 00');
    expect(toHex(xReport(30).message)).toBe('40 1E 00 00 00');
    expect(toHex(zReport(30).message)).toBe('41 1E 00 00 00');
  });

  it('FF0Bh answers shift number, FD and FP', () => {
    expect(decodeWith(openShiftFn(30), hex('FF 0B 00 08 00 AB 01 00 00 15 CD 5B 07'))).toEqual({
      shiftNumber: 8,
      fdNumber: 427,
      fiscalSign: 123456789,
    });
  });

  it('FF43h adds DATE_TIME with the extended-answer setting', () => {
    expect(
      decodeWith(closeShiftFn(30), hex('FF 43 00 08 00 AC 01 00 00 FF FF FF FF 15 07 1D 17 3B')),
    ).toEqual({
      shiftNumber: 8,
      fdNumber: 428,
      fiscalSign: 4294967295,
      dateTime: '2021-07-29T23:59',
    });
  });

  it('40h answers the operator number', () => {
    expect(decodeWith(xReport(30), hex('40 00 1E'))).toEqual({ operator: 30 });
  });
});

describe('FF0Ah find FN document', () => {
  it('encodes the FD number as UInt32 LE', () => {
    expect(toHex(findFnDocument(30, 425).message)).toBe('FF 0A 1E 00 00 00 A9 01 00 00');
  });

  it('decodes a receipt record (FN spec table 86)', () => {
    const answer = hex('FF 0A 00 03 01 15 07 1D 0B 1D A9 01 00 00 D2 02 96 49 01 50 C3 00 00 00');
    expect(decodeWith(findFnDocument(30, 425), answer)).toEqual({
      typeCode: 3,
      documentType: 'receipt',
      ofdReceiptReceived: true,
      dateTime: '2021-07-29T11:29',
      fdNumber: 425,
      fiscalSign: 1234567890,
      operationCode: 1,
      operation: 'income',
      totalKopecks: 50_000,
    });
  });

  it('decodes shift open and shift close records with their shift number', () => {
    const open = hex('FF 0A 00 02 00 15 07 1D 08 00 A0 01 00 00 01 00 00 00 08 00');
    expect(decodeWith(findFnDocument(30, 416), open)).toMatchObject({
      documentType: 'shift_open',
      fdNumber: 416,
      fiscalSign: 1,
      shiftNumber: 8,
      ofdReceiptReceived: false,
    });
    const close = hex('FF 0A 00 05 00 15 07 1D 17 3B AC 01 00 00 02 00 00 00 08 00');
    expect(decodeWith(findFnDocument(30, 428), close)).toMatchObject({
      documentType: 'shift_close',
      shiftNumber: 8,
    });
  });

  it('reads a return receipt and a correction receipt', () => {
    const refund = hex('FF 0A 00 03 00 15 07 1D 0B 1D AA 01 00 00 01 00 00 00 02 64 00 00 00 00');
    expect(decodeWith(findFnDocument(30, 426), refund)).toMatchObject({
      operation: 'income_return',
      totalKopecks: 100,
    });
    const correction = hex('FF 0A 00 1F 00 15 07 1D 0B 1D AB 01 00 00 01 00 00 00 01 64 00 00 00 00');
    expect(decodeWith(findFnDocument(30, 427), correction)).toMatchObject({ documentType: 'correction' });
  });

  it('keeps unknown document types as other without reading past the common fields', () => {
    const answer = hex('FF 0A 00 07 00 15 07 1D 0B 1D AB 01 00 00 01 00 00 00');
    expect(decodeWith(findFnDocument(30, 427), answer)).toMatchObject({ documentType: 'other', typeCode: 7 });
  });

  it('reports the FN «no data» error 08h as not_found', () => {
    expect(() => decodeWith(findFnDocument(30, 9999), hex('FF 0A 08'))).toThrow(
      expect.objectContaining({
        code: 'not_found',
        outcomeKnown: true,
        details: expect.objectContaining({ deviceCode: 8, command: 'FF0A' }),
      }),
    );
  });
});
