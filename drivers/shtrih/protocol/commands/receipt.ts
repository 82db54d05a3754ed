// Receipt commands (spec §«Описание команд»): FF46h «Операция V2» (one per item; the first one opens
// the receipt), FF45h «Закрытие чека расширенное вариант №2», 88h «Аннулирование чека», FF08h
// «Отменить документ в ФН», B0h «Продолжение печати».

import type {
  Operation,
  PaymentMethod,
  PaymentObject,
  TaxSystem,
  VatRate,
} from '../../../fiscal-registrar.ts';
import { money, NOT_GIVEN_5, uintLE } from '../binary.ts';
import { encodeCp1251 } from '../text-encoding.ts';
import { defineCommand, noData, operatorNumber, passwordFields, type ShtrihCommand } from './command.ts';
import {
  OPERATION_CODE,
  PAYMENT_METHOD_CODE,
  PAYMENT_OBJECT_CODE,
  TAX_SYSTEM_BIT,
  VAT_RATE_MASK,
} from './fiscal-codes.ts';

export const OPERATION_V2 = 0xff46;
export const CLOSE_RECEIPT_V2 = 0xff45;
export const CANCEL_RECEIPT = 0x88;
export const CANCEL_FN_DOCUMENT = 0xff08;
export const CONTINUE_PRINTING = 0xb0;

/** FF46h name field: 0–128 bytes; the driver always sends 128 so the message has the spec's 160 bytes. */
export const ITEM_NAME_BYTES = 128;
/** FF45h text field: 0–64 bytes; sent as 64 so the message has the spec's 182 bytes. */
export const CLOSE_TEXT_BYTES = 64;
/** FF46h «Номер отдела»: 0…16 free sale; department 1 as the drivers tested on hardware use. */
export const DEFAULT_DEPARTMENT = 1;

export interface OperationV2Request {
  operation: Operation;
  /** Quantity × 10^6 (six decimals). */
  quantityMicro: number;
  priceKopecks: number;
  /** Item sum; undefined sends FF×5 so the device computes price × quantity (note 1). */
  sumKopecks?: number;
  /** Tax amount; undefined sends FF×5 = not given (note 2). */
  taxKopecks?: number;
  vat: VatRate;
  department?: number;
  paymentMethod: PaymentMethod;
  paymentObject: PaymentObject;
  /** Тег 1030; CP1251 on the wire, cut to 128 bytes. A leading «//» means: to the OFD, not printed. */
  name: string;
}

export function operationV2(password: number, item: OperationV2Request): ShtrihCommand<void> {
  const name = Buffer.alloc(ITEM_NAME_BYTES);
  encodeCp1251(item.name).copy(name, 0, 0, ITEM_NAME_BYTES);
  return defineCommand(
    OPERATION_V2,
    'query',
    passwordFields(
      password,
      Uint8Array.of(OPERATION_CODE[item.operation]),
      uintLE(item.quantityMicro, 6),
      money(item.priceKopecks),
      item.sumKopecks === undefined ? NOT_GIVEN_5 : money(item.sumKopecks),
      item.taxKopecks === undefined ? NOT_GIVEN_5 : money(item.taxKopecks),
      Uint8Array.of(VAT_RATE_MASK[item.vat]),
      Uint8Array.of(item.department ?? DEFAULT_DEPARTMENT),
      Uint8Array.of(PAYMENT_METHOD_CODE[item.paymentMethod]),
      Uint8Array.of(PAYMENT_OBJECT_CODE[item.paymentObject]),
      name,
    ),
    noData,
  );
}

export interface CloseReceiptRequest {
  /** «Сумма наличных». */
  cashKopecks: number;
  /** «Сумма типа оплаты 2» — sent to the OFD as «ЭЛЕКТРОННЫМИ» (types 2–13 all are). */
  electronicKopecks: number;
  /** «Округление до рубля в копейках». */
  roundingKopecks?: number;
  taxSystem: TaxSystem;
  /** Printed under the receipt, CP1251, up to 64 bytes. */
  text?: string;
}

export interface CloseReceiptAnswer {
  changeKopecks: number;
  fdNumber: number;
  fiscalSign: number;
  /** Present when «РАСШИР. ОТВ. НА КОМАНДЫ ФОРМ. ФД» is 1. */
  dateTime?: string;
}

const PAYMENT_SLOTS = 16;
const TAX_SLOTS = 6;

/**
 * FF45h. Tax sums are sent as zero: in the device's tax mode 0 (table 1) it computes them itself and
 * ignores the command's values (spec note under FF45h).
 */
export function closeReceiptV2(
  password: number,
  close: CloseReceiptRequest,
): ShtrihCommand<CloseReceiptAnswer> {
  const payments = Buffer.alloc(PAYMENT_SLOTS * 5);
  money(close.cashKopecks).copy(payments, 0);
  money(close.electronicKopecks).copy(payments, 5);
  const text = Buffer.alloc(CLOSE_TEXT_BYTES);
  encodeCp1251(close.text ?? '').copy(text, 0, 0, CLOSE_TEXT_BYTES);
  return defineCommand(
    CLOSE_RECEIPT_V2,
    'print',
    passwordFields(
      password,
      payments,
      Uint8Array.of(close.roundingKopecks ?? 0),
      Buffer.alloc(TAX_SLOTS * 5),
      Uint8Array.of(TAX_SYSTEM_BIT[close.taxSystem]),
      text,
    ),
    (reader) => {
      const answer: CloseReceiptAnswer = {
        changeKopecks: reader.money(),
        fdNumber: reader.u32(),
        fiscalSign: reader.u32(),
      };
      if (reader.remaining >= 5) answer.dateTime = reader.dateTime();
      return answer;
    },
  );
}

export function cancelReceipt(password: number): ShtrihCommand<{ operator: number }> {
  return defineCommand(CANCEL_RECEIPT, 'print', passwordFields(password), operatorNumber);
}

export function cancelFnDocument(password: number): ShtrihCommand<void> {
  return defineCommand(CANCEL_FN_DOCUMENT, 'query', passwordFields(password), noData);
}

export function continuePrinting(password: number): ShtrihCommand<{ operator: number }> {
  return defineCommand(CONTINUE_PRINTING, 'print', passwordFields(password), operatorNumber);
}
