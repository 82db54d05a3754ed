// FF0Ah «Найти фискальный документ по номеру» (spec) = the FN's 40h: document type (the FFD form code,
// FFD table 11), whether the OFD receipt arrived, then a record whose layout depends on the type
// (FN interface spec v1.2, «Форматы фискальных данных, при выдаче из Архива ФН», tables 83–90).

import type { FiscalDocumentType, Operation } from '../../../fiscal-registrar.ts';
import { uintLE } from '../binary.ts';
import { defineCommand, passwordFields, type ShtrihCommand } from './command.ts';
import { operationFromCode } from './fiscal-codes.ts';

export const FIND_FN_DOCUMENT = 0xff0a;

/** FFD «код формы ФД» → the contract's document type. */
export const FN_DOCUMENT_TYPE: Readonly<Record<number, FiscalDocumentType>> = {
  1: 'registration',
  11: 'registration',
  2: 'shift_open',
  3: 'receipt',
  4: 'receipt',
  5: 'shift_close',
  6: 'fn_close',
  21: 'calculation_report',
  31: 'correction',
  41: 'correction',
};

/** Types whose record is DATE_TIME, FD, FP, operation(1), sum(5) — table 86 and its correction kin. */
const RECEIPT_LIKE = new Set([3, 4, 31, 41]);
/** Types whose record is DATE_TIME, FD, FP, shift number(2) — tables 85 and 86 (shift close). */
const SHIFT_LIKE = new Set([2, 5]);

export interface ArchiveDocument {
  /** FFD form code as the FN sent it. */
  typeCode: number;
  documentType: FiscalDocumentType;
  ofdReceiptReceived: boolean;
  dateTime: string;
  fdNumber: number;
  fiscalSign: number;
  /** Receipts: «Тип операции» 1…4. */
  operation?: Operation;
  operationCode?: number;
  totalKopecks?: number;
  /** Shift open/close. */
  shiftNumber?: number;
}

export function findFnDocument(password: number, fdNumber: number): ShtrihCommand<ArchiveDocument> {
  return defineCommand(FIND_FN_DOCUMENT, 'query', passwordFields(password, uintLE(fdNumber, 4)), (reader) => {
    const typeCode = reader.u8();
    const document: ArchiveDocument = {
      typeCode,
      documentType: FN_DOCUMENT_TYPE[typeCode] ?? 'other',
      ofdReceiptReceived: reader.u8() === 1,
      dateTime: reader.dateTime(),
      fdNumber: reader.u32(),
      fiscalSign: reader.u32(),
    };
    if (RECEIPT_LIKE.has(typeCode)) {
      document.operationCode = reader.u8();
      document.operation = operationFromCode(document.operationCode);
      document.totalKopecks = reader.uint(5);
    } else if (SHIFT_LIKE.has(typeCode)) {
      document.shiftNumber = reader.u16();
    }
    return document;
  });
}
