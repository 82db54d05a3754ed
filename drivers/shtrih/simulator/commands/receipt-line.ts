// Reading one FF46h «Операция V2» request (160 bytes at most): password (read by the dispatcher), type of
// operation (1), quantity (6, six decimals), price (5), sum (5; all FF = let the KKT compute price ×
// quantity), tax sum (5; all FF = not given), tax rate (1), department (1), тег 1214 (1), тег 1212 (1),
// name (0–128, CP1251; a leading «//» sends it to the OFD without printing it).

import { decodeCp1251 } from '../../protocol/text-encoding.ts';
import { DeviceErrorCode, DeviceRefusal } from '../device-errors.ts';
import type { ReceiptItemRecord, ReceiptOperation } from '../fn-documents.ts';
import { resolveLineSum } from '../open-receipt.ts';
import type { RequestReader } from '../wire-values.ts';

/**
 * «Налоговая ставка» is a bit mask on PAYONLINE-01-ФА (research §2.5, like FF0Dh's tax byte): 0x01 НДС 20 %,
 * 0x02 НДС 10 %, 0x04 НДС 0 %, 0x08 без НДС, 0x10 НДС 20/120, 0x20 НДС 10/110, and since 2025 0x81 НДС 5 %,
 * 0x82 НДС 7 %, 0x84 НДС 5/105, 0x88 НДС 7/107.
 */
export const TAX_RATE_MASKS: ReadonlySet<number> = new Set([
  0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x81, 0x82, 0x84, 0x88,
]);

const MONEY_WIDTH = 5;
const QUANTITY_WIDTH = 6;
const NAME_MAX_BYTES = 128;
/** «Номер отдела»: 0..16 free sale, 255 sale by goods code. */
const BY_GOODS_CODE = 255;
const MAX_DEPARTMENT = 16;
/** Тег 1214 values 1–7 (FFD table 24) and тег 1212 values 1–33 (FFD table 25 with later additions). */
const PAYMENT_METHODS = { min: 1, max: 7 };
const PAYMENT_OBJECTS = { min: 1, max: 33 };

export interface OperationLine {
  operation: ReceiptOperation;
  item: ReceiptItemRecord;
}

export function readOperation(request: RequestReader): OperationLine {
  const operation = request.uint(1);
  const quantityMillionths = request.uint(QUANTITY_WIDTH);
  const priceKopecks = request.uint(MONEY_WIDTH);
  const givenSum = request.peekAllOnes(MONEY_WIDTH) ? null : request.uint(MONEY_WIDTH);
  if (givenSum === null) request.bytes(MONEY_WIDTH);
  request.bytes(MONEY_WIDTH); // tax sum: tax mode 0, the KKT computes taxes itself (FF45h note)
  const taxRate = request.uint(1);
  const department = request.uint(1);
  const paymentMethod = request.uint(1);
  const paymentObject = request.uint(1);
  const nameBytes = request.rest();

  if (!isReceiptOperation(operation)) refuse(`operation type ${operation}`);
  if (quantityMillionths === 0) refuse('zero quantity');
  if (!TAX_RATE_MASKS.has(taxRate)) refuse(`tax rate 0x${taxRate.toString(16)}`);
  if (department > MAX_DEPARTMENT && department !== BY_GOODS_CODE) refuse(`department ${department}`);
  if (!within(paymentMethod, PAYMENT_METHODS)) refuse(`тег 1214 = ${paymentMethod}`);
  if (!within(paymentObject, PAYMENT_OBJECTS)) refuse(`тег 1212 = ${paymentObject}`);
  if (nameBytes.length > NAME_MAX_BYTES) refuse(`name of ${nameBytes.length} bytes`);

  return {
    operation,
    item: {
      quantityMillionths,
      priceKopecks,
      sumKopecks: resolveLineSum(priceKopecks, quantityMillionths, givenSum),
      taxRate,
      department,
      paymentMethod,
      paymentObject,
      name: decodeCp1251(nameBytes).replace(/\0.*$/s, ''),
    },
  };
}

function isReceiptOperation(value: number): value is ReceiptOperation {
  return value >= 1 && value <= 4;
}

function within(value: number, range: { min: number; max: number }): boolean {
  return value >= range.min && value <= range.max;
}

function refuse(detail: string): never {
  throw new DeviceRefusal(DeviceErrorCode.badParameters, detail);
}
