// Correction receipt commands (spec v1.17 §«Описание команд», p. 49 and p. 54): FF35h «Начать
// формирование чека коррекции» begins the FN document (FN 17h), its tags follow with FF0Ch, and FF4Ah
// «Сформировать чек коррекции V2» forms it (FN 16h) with the totals the FFD asks of a correction receipt
// (FFD appendix 2, table 27: 1020, 1031, 1081, 1215–1217, 1102–1107, 1055; 1173 is its «Тип коррекции»).
// FF36h, the FFD 1.0 variant with a total and an operation only, is not used: it carries no payments,
// no VAT sums and no tax system, which FFD 1.05+ correction receipts must have.

import { money } from '../binary.ts';
import { encodeCp866 } from '../text-encoding.ts';
import { defineCommand, noData, passwordFields, type ShtrihCommand } from './command.ts';
import { tlv } from './tlv.ts';

export const BEGIN_CORRECTION = 0xff35;
export const FORM_CORRECTION_V2 = 0xff4a;

/** FFD tags of the correction basis (appendix 2, tables 4 and 29). */
export const CORRECTION_TAG = {
  basis: 1174,
  baseDate: 1178,
  baseNumber: 1179,
} as const;

/** Тег 1179 «номер предписания налогового органа»: a string of up to 32 characters. */
export const BASE_NUMBER_MAX = 32;

/** Тег 1173 «тип коррекции»: «0» самостоятельно, «1» по предписанию (appendix 2, table 27 note 16). */
export const CORRECTION_TYPE_CODE = { self: 0, instruction: 1 } as const;

export function beginCorrection(password: number): ShtrihCommand<void> {
  return defineCommand(BEGIN_CORRECTION, 'query', passwordFields(password), noData);
}

/**
 * Тег 1174 «основание для коррекции», an STLV of 1178 and 1179 (appendix 2, table 29). 1178 is UnixTime
 * (4 bytes LE) with the time «всегда … 00:00:00»; FFD times are the local clock written as if it were
 * UTC, so the date is encoded as its UTC midnight. 1179 is CP866 text and is sent even when empty:
 * table 29 marks it obligatory («1»); a self correction has no order number to put in it.
 */
export function correctionBasisTlv(baseDate: string, baseNumber: string): Buffer {
  const seconds = localDateSeconds(baseDate);
  const date = Buffer.alloc(4);
  date.writeUInt32LE(seconds, 0);
  return tlv(
    CORRECTION_TAG.basis,
    Buffer.concat([
      tlv(CORRECTION_TAG.baseDate, date),
      tlv(CORRECTION_TAG.baseNumber, encodeCp866(baseNumber.slice(0, BASE_NUMBER_MAX))),
    ]),
  );
}

/** `YYYY-MM-DD` → seconds of that day's 00:00 as UnixTime; RangeError for anything else. */
export function localDateSeconds(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`date "${date}" is not YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`date "${date}" does not exist`);
  }
  if (ms < 0) throw new RangeError(`date "${date}" is before 1970`);
  return ms / 1000;
}

export interface FormCorrectionRequest {
  /** Тег 1173: 0 самостоятельно, 1 по предписанию. */
  correctionType: number;
  /** Тег 1054 as a byte: 1 приход, 3 расход (appendix 2, table 28). */
  operationCode: number;
  /** «Сумма расчёта», тег 1020. */
  totalKopecks: number;
  /** 1031. */
  cashKopecks: number;
  /** 1081. */
  electronicKopecks: number;
  /** 1215, 1216, 1217 — not used by the box; zero when absent. */
  prepaymentKopecks?: number;
  postpaymentKopecks?: number;
  counterKopecks?: number;
  /** 1102 «сумма НДС чека по ставке 20%» (the spec's field still says 18 %). */
  vat20Kopecks: number;
  /** 1103 «… по ставке 10%». */
  vat10Kopecks: number;
  /** 1104 «сумма расчета по чеку с НДС по ставке 0%». */
  vat0TurnoverKopecks: number;
  /** 1105 «сумма расчета по чеку без НДС». */
  noVatTurnoverKopecks: number;
  /** 1106 «… по расч. ставке 20/120» (the spec's field: 18/118). */
  vat120Kopecks: number;
  /** 1107 «… по расч. ставке 10/110». */
  vat110Kopecks: number;
  /** 1055: one bit (spec note 1 «Может быть только одна система налогообложения в чеке»). */
  taxSystemBit: number;
}

export interface FormCorrectionAnswer {
  /** «Номер чека» within the shift (FN 16h, table 42). */
  receiptNumber: number;
  fdNumber: number;
  fiscalSign: number;
  /** Present when «РАСШИР. ОТВ. НА КОМАНДЫ ФОРМ. ФД» is 1. */
  dateTime?: string;
}

/** FF4Ah: 69 bytes — CMD 2, password 4, type 1, operation 1, twelve 5-byte sums, tax system 1. */
export function formCorrectionV2(
  password: number,
  request: FormCorrectionRequest,
): ShtrihCommand<FormCorrectionAnswer> {
  return defineCommand(
    FORM_CORRECTION_V2,
    'print',
    passwordFields(
      password,
      Uint8Array.of(request.correctionType, request.operationCode),
      money(request.totalKopecks),
      money(request.cashKopecks),
      money(request.electronicKopecks),
      money(request.prepaymentKopecks ?? 0),
      money(request.postpaymentKopecks ?? 0),
      money(request.counterKopecks ?? 0),
      money(request.vat20Kopecks),
      money(request.vat10Kopecks),
      money(request.vat0TurnoverKopecks),
      money(request.noVatTurnoverKopecks),
      money(request.vat120Kopecks),
      money(request.vat110Kopecks),
      Uint8Array.of(request.taxSystemBit),
    ),
    (reader) => {
      const answer: FormCorrectionAnswer = {
        receiptNumber: reader.u16(),
        fdNumber: reader.u32(),
        fiscalSign: reader.u32(),
      };
      if (reader.remaining >= 5) answer.dateTime = reader.dateTime();
      return answer;
    },
  );
}
