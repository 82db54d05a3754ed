import { describe, expect, it } from 'vitest';
import { isFiscalError } from '../../../../drivers/fiscal-error.ts';
import {
  deviceType,
  fnFreeMemory,
  fnNumber,
  fnStatus,
  fnValidity,
  longStatus,
  ofdExchangeStatus,
  shiftParameters,
  shortStatus,
  unconfirmedCount,
} from '../../../../drivers/shtrih/protocol/commands/status.ts';
import { decodeFrame, encodeFrame } from '../../../../drivers/shtrih/protocol/frame.ts';
import { encodeCp1251 } from '../../../../drivers/shtrih/protocol/text-encoding.ts';
import { CAPTURE } from './capture.ts';
import { decodeWith } from './decode-with.ts';
import { hex, toHex } from './hex.ts';

describe('10h short status', () => {
  it('encodes the captured request with password 30', () => {
    expect(toHex(encodeFrame(shortStatus(30).message))).toBe(toHex(CAPTURE.shortStatusRequest));
  });

  it('decodes the captured answer of an open shift (mode 2)', () => {
    const status = decodeWith(shortStatus(30), decodeFrame(CAPTURE.shortStatusAnswerShiftOpen));
    expect(status).toEqual({
      operator: 30,
      flags: 0x0292,
      mode: 2,
      modeStatus: 0,
      submode: 0,
      operationsInReceipt: 0,
      batteryVoltage: 0x9f,
      supplyVoltage: 0xe5,
    });
  });

  it('reads the operations count with its high byte at data offset 10, as real devices send it', () => {
    const status = decodeWith(shortStatus(30), decodeFrame(CAPTURE.shortStatusAnswerReceiptOpen));
    expect(status.mode).toBe(8);
    // The spec text would put the high byte at offset 8 (0x18) and read 6145 operations.
    expect(status.operationsInReceipt).toBe(1);
  });

  it('decodes the 17-byte answer seen over protocol v2 (fr_drv_ng issue 72)', () => {
    const status = decodeWith(shortStatus(30), hex('10 00 1E 90 00 02 00 00 00 00 00 00 00 FF FF FF 00'));
    expect(status).toMatchObject({
      operator: 30,
      flags: 0x0090,
      mode: 2,
      submode: 0,
      operationsInReceipt: 0,
    });
  });

  it('splits mode 8 into the open document and its status (8.2 = return of sale)', () => {
    const answer = decodeFrame(CAPTURE.shortStatusAnswerReceiptOpen);
    answer[5] = 0x28;
    expect(decodeWith(shortStatus(30), answer)).toMatchObject({ mode: 8, modeStatus: 2 });
  });
});

describe('FF01h FN status', () => {
  it('encodes the captured request', () => {
    expect(toHex(encodeFrame(fnStatus(30).message))).toBe(toHex(CAPTURE.fnStatusRequest));
  });

  it('decodes the captured answer', () => {
    expect(decodeWith(fnStatus(30), decodeFrame(CAPTURE.fnStatusAnswer))).toEqual({
      phase: 3,
      currentDocument: 0,
      documentDataReceived: false,
      shiftOpen: true,
      warnings: 0,
      lastDocumentTime: '2021-07-29T11:29',
      fnNumber: '9287440301120991',
      lastFdNumber: 425,
    });
  });

  it('turns a truncated answer into a protocol error with an unknown outcome', () => {
    const truncated = decodeFrame(CAPTURE.fnStatusAnswer).subarray(0, 20);
    try {
      decodeWith(fnStatus(30), truncated);
      expect.unreachable();
    } catch (error) {
      expect(isFiscalError(error) && error.code).toBe('protocol_error');
      expect(isFiscalError(error) && error.outcomeKnown).toBe(false);
    }
  });
});

describe('11h long status', () => {
  const legacyAnswer = hex(
    [
      '11 00', // command, no error
      '1E', // operator 30
      '31 30', // firmware "10" → 1.0
      'D2 04', // build 1234
      '0F 03 15', // firmware date 15.03.21
      '01', // number in the hall
      '2A 00', // document 42
      '92 02', // flags
      '02 00', // mode 2, submode 0
      '80', // port 128 = TCP
      '31 30 01 00 0F 03 15', // FM version, build, date
      '1D 07 15', // date 29.07.21
      '0B 1D 05', // 11:29:05
      '00', // FM flags
      '4E 61 BC 00', // serial 12345678
      '07 00', // last closed shift 7
      'FF 00', // free FM records
      '01 1D', // registrations done / left
      '01 02 03 04 05 06', // INN
    ].join(' '),
  );

  it('encodes the request with password 30, as in the fr_drv_ng v2 capture', () => {
    expect(toHex(longStatus(30).message)).toBe('11 1E 00 00 00');
  });

  it('decodes the 48-byte layout with the legacy fiscal-memory fields', () => {
    expect(legacyAnswer.length).toBe(48);
    expect(decodeWith(longStatus(30), legacyAnswer)).toEqual({
      operator: 30,
      firmwareVersion: '1.0',
      firmwareBuild: 1234,
      documentNumber: 42,
      flags: 0x0292,
      mode: 2,
      modeStatus: 0,
      submode: 0,
      port: 128,
      clock: '2021-07-29T11:29:05',
      serialNumber: '12345678',
      lastClosedShift: 7,
    });
  });

  it('adds the high word of a long serial number (50-byte answer)', () => {
    const answer = Buffer.concat([legacyAnswer, hex('01 00')]);
    expect(decodeWith(longStatus(30), answer).serialNumber).toBe(String(2 ** 32 + 12345678));
  });

  it('also reads the shorter field list of the spec text', () => {
    const specText = hex(
      '11 00 1E 31 30 D2 04 0F 03 15 01 2A 00 92 02 02 00 80 1D 07 15 0B 1D 05 4E 61 BC 00 07 00 01 1D 01 02 03 04 05 06',
    );
    expect(decodeWith(longStatus(30), specText)).toMatchObject({
      clock: '2021-07-29T11:29:05',
      serialNumber: '12345678',
      lastClosedShift: 7,
    });
  });
});

describe('other status queries', () => {
  it('FCh has no password and decodes the CP1251 device name', () => {
    const command = deviceType();
    expect(toHex(command.message)).toBe('FC');
    const answer = Buffer.concat([hex('FC 00 00 00 01 0E FA 00'), encodeCp1251('ШТРИХ-М-01Ф')]);
    expect(decodeWith(command, answer)).toEqual({
      type: 0,
      subtype: 0,
      protocolVersion: 1,
      protocolSubversion: 14,
      model: 250,
      language: 0,
      name: 'ШТРИХ-М-01Ф',
    });
  });

  it('FF02h returns the 16 ASCII digits of the FN number', () => {
    const answer = Buffer.concat([hex('FF 02 00'), Buffer.from('9287440301120991', 'latin1')]);
    expect(toHex(fnNumber(30).message)).toBe('FF 02 1E 00 00 00');
    expect(decodeWith(fnNumber(30), answer)).toBe('9287440301120991');
  });

  it('FF03h reads the validity date as YY MM DD', () => {
    expect(decodeWith(fnValidity(30), hex('FF 03 00 18 0A 1F'))).toEqual({ validUntil: '2024-10-31' });
  });

  it('FF39h reads the OFD queue', () => {
    const answer = hex('FF 39 00 02 00 03 00 A7 01 00 00 15 07 1C 09 05');
    expect(decodeWith(ofdExchangeStatus(30), answer)).toEqual({
      flags: 0x02,
      readingMessage: false,
      unsentCount: 3,
      firstUnsentFdNumber: 423,
      firstUnsentTime: '2021-07-28T09:05',
    });
  });

  it('FF3Fh reads the count of documents without an OFD receipt', () => {
    expect(decodeWith(unconfirmedCount(30), hex('FF 3F 00 0C 01'))).toBe(268);
  });

  it('FF40h reads the shift state, shift number and receipt number', () => {
    expect(toHex(shiftParameters(30).message)).toBe('FF 40 1E 00 00 00');
    expect(decodeWith(shiftParameters(30), hex('FF 40 00 01 2C 01 05 00'))).toEqual({
      open: true,
      shiftNumber: 300,
      receiptNumber: 5,
    });
  });

  it('FF63h reads the free memory, ignoring the marking byte', () => {
    expect(decodeWith(fnFreeMemory(30), hex('FF 63 00 A0 86 01 00 00 02 00 00 05'))).toEqual({
      documentsLeft: 100000,
      freeKilobytes30Days: 512,
    });
  });
});
