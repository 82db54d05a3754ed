// The receipt the KKT is building between the first FF46 «Операция V2» and FF45 «Закрытие чека
// расширенное вариант №2»: its lines and totals, and the payment arithmetic of the close (spec FF45: the
// payments must cover the total; types 2–16 are reported as «электронными»; change comes from cash).

import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';
import type { ReceiptItemRecord, ReceiptOperation } from './fn-documents.ts';

/** FF46 quantity has six decimals (spec: «Количество (6 байт) 6 знаков после запятой»). */
const QUANTITY_SCALE = 1_000_000n;
/** FF46 note 1: a given sum may differ from price × quantity by at most one kopeck. */
const SUM_TOLERANCE_KOPECKS = 1;

export interface OpenReceipt {
  operation: ReceiptOperation;
  items: ReceiptItemRecord[];
  openedAt: number;
  /** Printed on paper at the close; false when table 17 says «electronic only». */
  printed: boolean;
}

/** price × quantity rounded half up to the kopeck, in integers (the product exceeds 2^53). */
export function lineSum(priceKopecks: number, quantityMillionths: number): number {
  const product = BigInt(priceKopecks) * BigInt(quantityMillionths);
  return Number((product + QUANTITY_SCALE / 2n) / QUANTITY_SCALE);
}

/** The line's sum: computed when FF46 left it unset (all FF), otherwise checked against the computation. */
export function resolveLineSum(
  priceKopecks: number,
  quantityMillionths: number,
  given: number | null,
): number {
  const computed = lineSum(priceKopecks, quantityMillionths);
  if (given === null) return computed;
  if (Math.abs(given - computed) > SUM_TOLERANCE_KOPECKS) {
    throw new DeviceRefusal(DeviceErrorCode.badParameters, `sum ${given} differs from ${computed}`);
  }
  return given;
}

export function receiptTotal(receipt: OpenReceipt): number {
  return receipt.items.reduce((sum, item) => sum + item.sumKopecks, 0);
}

export interface Settlement {
  totalKopecks: number;
  cashKopecks: number;
  electronicKopecks: number;
  changeKopecks: number;
}

/** FF45 arithmetic. `payments` are the 16 sums by type; index 0 is cash. */
export function settle(
  totalKopecks: number,
  payments: readonly number[],
  roundingKopecks: number,
): Settlement {
  if (totalKopecks === 0) throw new DeviceRefusal(DeviceErrorCode.zeroTotal);
  // «Округление до рубля в копейках»: the kopecks the buyer is let off; the receipt total drops by them.
  if (roundingKopecks > 99 || roundingKopecks > totalKopecks) {
    throw new DeviceRefusal(DeviceErrorCode.badParameters, `rounding ${roundingKopecks}`);
  }
  const due = totalKopecks - roundingKopecks;
  const cashKopecks = payments[0] ?? 0;
  const electronicKopecks = payments.slice(1).reduce((sum, value) => sum + value, 0);
  if (cashKopecks + electronicKopecks < due) throw new DeviceRefusal(DeviceErrorCode.paymentsBelowTotal);
  if (electronicKopecks > due) throw new DeviceRefusal(DeviceErrorCode.cashlessAboveTotal);
  return {
    totalKopecks: due,
    cashKopecks,
    electronicKopecks,
    changeKopecks: cashKopecks + electronicKopecks - due,
  };
}
