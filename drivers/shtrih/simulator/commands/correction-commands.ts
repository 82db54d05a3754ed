// Correction receipt commands (spec v1.17 p. 49 FF35h «Начать формирование чека коррекции», p. 54 FF4Ah
// «Сформировать чек коррекции V2»). FF35h begins the FN's document (FN 17h) without opening a KKT
// receipt, so the mode stays 2 and the FN reports «14h – Кассовый чек коррекции» as its current document;
// FF0Ch passes its tags (1174 основание, 1021 кассир, 1008 …); FF4Ah forms it (FN 16h) and answers
// «Номер чека, Номер ФД, Фискальный признак [, Дата и время]». FF36h (FFD 1.0) is not offered (37h).

import type { CommandSpec } from '../command-spec.ts';
import { DeviceErrorCode, DeviceRefusal } from '../device-errors.ts';
import type { CorrectionDetails, ReceiptOperation, StoredTlv } from '../fn-documents.ts';
import { parseTlvs, tlvText } from '../tlv.ts';
import { AnswerWriter } from '../wire-values.ts';

/** FFD appendix 2, table 28: тег 1054 of a correction receipt is 1 приход or 3 расход. */
const CORRECTION_OPERATIONS: ReadonlySet<number> = new Set([1, 3]);
/** Тег 1173: 0 самостоятельно, 1 по предписанию (table 27, note 16). */
const CORRECTION_TYPES: ReadonlySet<number> = new Set([0, 1]);
/** FF4Ah «Применяемая система налогообложения»: exactly one of bits 0–5 (note 1). */
const TAX_SYSTEM_BITS = 0x3f;
const TAG_BASIS = 1174;
const TAG_BASE_DATE = 1178;
const TAG_BASE_NUMBER = 1179;

export const beginCorrection: CommandSpec = {
  code: 0xff35,
  name: 'Начать формирование чека коррекции',
  access: 'sysadmin',
  run({ device }) {
    device.requireNoReceipt();
    device.requireShiftWithin24h();
    if (!device.tables.electronicOnly()) device.printer.requireReady();
    device.fn.beginCorrection();
    return new Uint8Array();
  },
};

export const formCorrectionV2: CommandSpec = {
  code: 0xff4a,
  name: 'Сформировать чек коррекции V2',
  access: 'sysadmin',
  run({ device, request }) {
    const correctionType = request.uint(1);
    const operation = request.uint(1);
    const totalKopecks = request.uint(5);
    const [cash, electronic, prepayment, postpayment, counter] = Array.from({ length: 5 }, () =>
      request.uint(5),
    ) as [number, number, number, number, number];
    const vatSums = Array.from({ length: 6 }, () => request.uint(5));
    const taxSystem = request.uint(1);
    if (request.remaining !== 0) throw new DeviceRefusal(DeviceErrorCode.badParameters, 'FF4A is 69 bytes');

    // FN 16h without 17h: «Должны быть переданы данные чека» (table 43, 02h).
    if (device.fn.openDocument?.kind !== 'correction') {
      throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'no correction receipt begun (FF35)');
    }
    if (!CORRECTION_TYPES.has(correctionType)) {
      throw new DeviceRefusal(DeviceErrorCode.badParameters, `correction type ${correctionType}`);
    }
    if (!CORRECTION_OPERATIONS.has(operation)) {
      throw new DeviceRefusal(DeviceErrorCode.badParameters, `operation ${operation} (table 28: 1 or 3)`);
    }
    if (!isSingleBit(taxSystem & TAX_SYSTEM_BITS) || (taxSystem & ~TAX_SYSTEM_BITS) !== 0) {
      throw new DeviceRefusal(DeviceErrorCode.badParameters, `tax system 0x${taxSystem.toString(16)}`);
    }
    if (totalKopecks === 0) throw new DeviceRefusal(DeviceErrorCode.zeroTotal);
    // Table 27 note 1: the payments «должна быть равна» the total — no change on a correction.
    const paid = cash + electronic + prepayment + postpayment + counter;
    if (paid < totalKopecks) throw new DeviceRefusal(DeviceErrorCode.paymentsBelowTotal);
    if (paid > totalKopecks) {
      throw new DeviceRefusal(DeviceErrorCode.badParameters, `payments ${paid} > total ${totalKopecks}`);
    }
    if (vatSums.some((sum) => sum > totalKopecks)) {
      throw new DeviceRefusal(DeviceErrorCode.badParameters, 'a VAT sum exceeds the total');
    }
    const basis = readBasis(device.fn.correctionData());
    if (device.fn.isShiftExpired()) throw new DeviceRefusal(DeviceErrorCode.shiftExpired);
    const printed = !device.tables.electronicOnly();
    if (printed) device.printer.requireReady();

    const details: CorrectionDetails = {
      correctionType,
      cashKopecks: cash,
      electronicKopecks: electronic,
      prepaymentKopecks: prepayment,
      postpaymentKopecks: postpayment,
      counterKopecks: counter,
      vatSums,
      taxSystem,
      ...basis,
      electronicOnly: !printed,
    };
    const record = device.fn.completeCorrection(operation as ReceiptOperation, totalKopecks, details);
    if (printed) device.printer.print(`correction receipt FD ${record.fdNumber}`, record.fdNumber);

    const answer = new AnswerWriter()
      .uint(record.receiptNumber ?? 0, 2)
      .uint(record.fdNumber, 4)
      .uint(record.fiscalSign, 4);
    if (device.identity.extendedAnswers) answer.dateTime(device.clock.local(record.at));
    return answer;
  },
};

/**
 * Тег 1174 is obligatory in a correction receipt (table 27, «1») with 1178 inside (table 29); without it
 * the FN has not been given the document's data: 02h, as FN 16h answers when data is missing.
 */
function readBasis(tlvs: readonly StoredTlv[]): { baseDate: string; baseNumber: string } {
  const basis = tlvs.find((tlv) => tlv.tag === TAG_BASIS);
  if (!basis) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'tag 1174 (основание) not passed');
  const nested = basis.valueHex === '' ? [] : parseTlvs(Buffer.from(basis.valueHex, 'hex'));
  const date = nested.find((tlv) => tlv.tag === TAG_BASE_DATE);
  if (date?.valueHex.length !== 8) {
    throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'tag 1178 missing from 1174');
  }
  const seconds = Buffer.from(date.valueHex, 'hex').readUInt32LE(0);
  const number = nested.find((tlv) => tlv.tag === TAG_BASE_NUMBER);
  return {
    baseDate: new Date(seconds * 1000).toISOString().slice(0, 10),
    baseNumber: number ? tlvText(number) : '',
  };
}

function isSingleBit(value: number): boolean {
  return value !== 0 && (value & (value - 1)) === 0;
}
