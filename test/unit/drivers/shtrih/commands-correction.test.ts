// Golden bytes of the correction receipt commands, from the field tables of the spec (v1.17 p. 49 FF35h,
// p. 54 FF4Ah) and FFD appendix 2 (table 4: 1178 UnixTime, 1179 string; table 29: 1174 = {1178, 1179}).
import { describe, expect, it } from 'vitest';
import {
  beginCorrection,
  correctionBasisTlv,
  formCorrectionV2,
  localDateSeconds,
} from '../../../../drivers/shtrih/protocol/commands/correction.ts';
import { writeTlv } from '../../../../drivers/shtrih/protocol/commands/tlv.ts';
import { decodeWith } from './decode-with.ts';
import { hex, toHex } from './hex.ts';

const ZERO5 = '00 00 00 00 00';

describe('FF35h begin a correction receipt', () => {
  it('is the command and the system administrator password: 6 bytes', () => {
    const command = beginCorrection(30);
    expect(toHex(command.message)).toBe('FF 35 1E 00 00 00');
    expect(command.timing).toBe('query');
  });

  it('answers the error code alone', () => {
    expect(decodeWith(beginCorrection(30), hex('FF 35 00'))).toBeUndefined();
  });

  it('turns a device refusal into a FiscalError', () => {
    expect(() => decodeWith(beginCorrection(30), hex('FF 35 02'))).toThrow(/02/);
  });
});

describe('tag 1174 «основание для коррекции»', () => {
  it('nests 1178 (UnixTime of the local midnight) and an empty 1179 for a self correction', () => {
    // 2026-11-20 00:00 = 1795132800 = 6A FF 8D 80 (LE: 80 8D FF 6A)
    expect(toHex(correctionBasisTlv('2026-11-20', ''))).toBe(
      ['96 04 0C 00', '9A 04 04 00 80 8D FF 6A', '9B 04 00 00'].join(' '),
    );
  });

  it('writes the order number of an instruction in CP866', () => {
    expect(toHex(correctionBasisTlv('2024-01-31', '№ 12/5'))).toBe(
      ['96 04 12 00', '9A 04 04 00 80 8D B9 65', '9B 04 06 00 FC 20 31 32 2F 35'].join(' '),
    );
  });

  it('goes to the FN with FF0Ch', () => {
    expect(toHex(writeTlv(30, correctionBasisTlv('2026-11-20', '')).message)).toBe(
      'FF 0C 1E 00 00 00 96 04 0C 00 9A 04 04 00 80 8D FF 6A 9B 04 00 00',
    );
  });

  it('refuses dates that are not YYYY-MM-DD or do not exist', () => {
    expect(() => localDateSeconds('20.11.2026')).toThrow(RangeError);
    expect(() => localDateSeconds('2026-02-30')).toThrow(/does not exist/);
    expect(localDateSeconds('1970-01-02')).toBe(86_400);
  });
});

describe('FF4Ah form a correction receipt V2', () => {
  const command = formCorrectionV2(30, {
    correctionType: 0,
    operationCode: 1,
    totalKopecks: 50_000,
    cashKopecks: 0,
    electronicKopecks: 50_000,
    vat20Kopecks: 8_333,
    vat10Kopecks: 0,
    vat0TurnoverKopecks: 0,
    noVatTurnoverKopecks: 0,
    vat120Kopecks: 0,
    vat110Kopecks: 0,
    taxSystemBit: 0x01,
  });

  it('has the 69 bytes of the spec with its fields in order', () => {
    expect(command.message.length).toBe(69);
    expect(command.timing).toBe('print');
    expect(toHex(command.message)).toBe(
      [
        'FF 4A',
        '1E 00 00 00', // password 30
        '00', // тип коррекции: самостоятельно
        '01', // признак расчёта: приход
        '50 C3 00 00 00', // сумма расчёта 500.00
        ZERO5, // наличными
        '50 C3 00 00 00', // электронными
        ZERO5, // предоплатой
        ZERO5, // постоплатой
        ZERO5, // встречным представлением
        '8D 20 00 00 00', // НДС 18 % (20 %): 83.33
        ZERO5, // НДС 10 %
        ZERO5, // по ставке 0 %
        ZERO5, // без НДС
        ZERO5, // 18/118
        ZERO5, // 10/110
        '01', // ОСН
      ].join(' '),
    );
  });

  it('places every sum in its own slot', () => {
    const message = formCorrectionV2(30, {
      correctionType: 1,
      operationCode: 3,
      totalKopecks: 1,
      cashKopecks: 2,
      electronicKopecks: 3,
      prepaymentKopecks: 4,
      postpaymentKopecks: 5,
      counterKopecks: 6,
      vat20Kopecks: 7,
      vat10Kopecks: 8,
      vat0TurnoverKopecks: 9,
      noVatTurnoverKopecks: 10,
      vat120Kopecks: 11,
      vat110Kopecks: 12,
      taxSystemBit: 0x20,
    }).message;
    expect(message[6]).toBe(1);
    expect(message[7]).toBe(3);
    const sums = Array.from({ length: 12 }, (_, index) => message.readUIntLE(8 + index * 5, 5));
    expect(sums).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(message[68]).toBe(0x20);
  });

  it('reads the short answer: receipt number, FD, FP', () => {
    expect(decodeWith(command, hex('FF 4A 00 05 00 2A 00 00 00 78 56 34 12'))).toEqual({
      receiptNumber: 5,
      fdNumber: 42,
      fiscalSign: 0x12345678,
    });
  });

  it('reads the extended answer with DATE_TIME', () => {
    expect(decodeWith(command, hex('FF 4A 00 05 00 2A 00 00 00 78 56 34 12 1A 0B 14 0A 05'))).toEqual({
      receiptNumber: 5,
      fdNumber: 42,
      fiscalSign: 0x12345678,
      dateTime: '2026-11-20T10:05',
    });
  });

  it('treats a short success answer as malformed (outcome unknown)', () => {
    expect(() => decodeWith(command, hex('FF 4A 00 05 00 2A 00'))).toThrow(
      expect.objectContaining({ outcomeKnown: false }),
    );
  });
});
