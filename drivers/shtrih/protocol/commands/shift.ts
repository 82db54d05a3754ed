// Shift and report commands (spec §«Описание команд»). The FN-era shift open is FF41h «Начать открытие
// смены» → FF0Ch (cashier TLVs) → FF0Bh «Открыть смену в ФН»; the close is FF42h → FF0Ch → FF43h.
// E0h (legacy «Открыть смену»), 40h (X report) and 41h (Z report, also closes the shift) are kept for
// completeness and for the X report.

import type { AnswerReader } from '../binary.ts';
import { defineCommand, noData, operatorNumber, passwordFields, type ShtrihCommand } from './command.ts';

export const OPEN_SHIFT_LEGACY = 0xe0;
export const X_REPORT = 0x40;
export const Z_REPORT = 0x41;
export const BEGIN_OPEN_SHIFT = 0xff41;
export const OPEN_SHIFT_FN = 0xff0b;
export const BEGIN_CLOSE_SHIFT = 0xff42;
export const CLOSE_SHIFT_FN = 0xff43;

/** The FN's answer to a formed shift document: FF0Bh and FF43h. */
export interface ShiftDocument {
  shiftNumber: number;
  fdNumber: number;
  /** ФП as the FN's UInt32. */
  fiscalSign: number;
  /** Present when the device setting «РАСШИР. ОТВ. НА КОМАНДЫ ФОРМ. ФД» is 1. */
  dateTime?: string;
}

/**
 * E0h. The spec gives the answer as 2 bytes with no error code; every other answer has one and a
 * device refusing the command must report it, so the first byte after CMD is read as the error code
 * (generic rule of §«Ответы и коды ошибок») and the operator number, if any, follows.
 */
export function openShiftLegacy(password: number): ShtrihCommand<void> {
  return defineCommand(OPEN_SHIFT_LEGACY, 'print', passwordFields(password), noData);
}

export function xReport(password: number): ShtrihCommand<{ operator: number }> {
  return defineCommand(X_REPORT, 'print', passwordFields(password), operatorNumber);
}

export function zReport(password: number): ShtrihCommand<{ operator: number }> {
  return defineCommand(Z_REPORT, 'print', passwordFields(password), operatorNumber);
}

export function beginOpenShift(password: number): ShtrihCommand<void> {
  return defineCommand(BEGIN_OPEN_SHIFT, 'query', passwordFields(password), noData);
}

export function openShiftFn(password: number): ShtrihCommand<ShiftDocument> {
  return defineCommand(OPEN_SHIFT_FN, 'print', passwordFields(password), readShiftDocument);
}

export function beginCloseShift(password: number): ShtrihCommand<void> {
  return defineCommand(BEGIN_CLOSE_SHIFT, 'query', passwordFields(password), noData);
}

export function closeShiftFn(password: number): ShtrihCommand<ShiftDocument> {
  return defineCommand(CLOSE_SHIFT_FN, 'print', passwordFields(password), readShiftDocument);
}

function readShiftDocument(reader: AnswerReader): ShiftDocument {
  const document: ShiftDocument = {
    shiftNumber: reader.u16(),
    fdNumber: reader.u32(),
    fiscalSign: reader.u32(),
  };
  if (reader.remaining >= 5) document.dateTime = reader.dateTime();
  return document;
}
