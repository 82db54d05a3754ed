// Turns a FiscalDocument into the device dialogue of a receipt (spec §FF46h, §FF0Ch, §FF45h):
// FF46h per item (the first opens the receipt) → FF0Ch per TLV (1008, 1021, 1203) → FF45h.
// Pure: validation and command building only; shtrih-registrar.ts runs the plan.

import { FiscalError } from '../fiscal-error.ts';
import type { Cashier, FiscalDocument } from '../fiscal-registrar.ts';
import { quantityMicro } from './protocol/binary.ts';
import type { ShtrihCommand } from './protocol/commands/command.ts';
import { type CloseReceiptAnswer, closeReceiptV2, operationV2 } from './protocol/commands/receipt.ts';
import { cashierInnTlv, cashierNameTlv, customerContactTlv, writeTlv } from './protocol/commands/tlv.ts';

export interface ReceiptPlan {
  totalKopecks: number;
  /** FF46h, then FF0Ch: everything before the close. */
  steps: ShtrihCommand<void>[];
  close: ShtrihCommand<CloseReceiptAnswer>;
}

const MAX_MONEY = 2 ** 40 - 1;

/**
 * Item sum as the device computes it for «сумма FF…FF» (price × quantity, to the kopeck). BigInt keeps
 * price × quantity×10^6 exact; halves round up, the usual cash-register rounding.
 */
export function itemSumKopecks(priceKopecks: number, quantityMicroUnits: number): number {
  const product = BigInt(priceKopecks) * BigInt(quantityMicroUnits);
  return Number((product + 500_000n) / 1_000_000n);
}

export function planReceipt(doc: FiscalDocument, password: number): ReceiptPlan {
  if (doc.items.length === 0) throw invalid('a receipt needs at least one item');
  let totalKopecks = 0;
  const steps: ShtrihCommand<void>[] = doc.items.map((item, index) => {
    if (!isMoney(item.priceKopecks))
      throw invalid(`item ${index + 1}: price ${item.priceKopecks} is not whole kopecks`);
    if (!(item.quantity > 0) || !Number.isFinite(item.quantity)) {
      throw invalid(`item ${index + 1}: quantity ${item.quantity} is not positive`);
    }
    if (item.name.trim() === '') throw invalid(`item ${index + 1}: empty name`);
    const micro = quantityMicro(item.quantity);
    totalKopecks += itemSumKopecks(item.priceKopecks, micro);
    return operationV2(password, {
      operation: doc.operation,
      quantityMicro: micro,
      priceKopecks: item.priceKopecks,
      vat: item.vat,
      paymentMethod: item.paymentMethod,
      paymentObject: item.paymentObject,
      name: item.name,
    });
  });
  const { cashKopecks, electronicKopecks } = doc.payments;
  if (!isMoney(cashKopecks) || !isMoney(electronicKopecks)) throw invalid('payments must be whole kopecks');
  if (cashKopecks + electronicKopecks !== totalKopecks) {
    throw invalid(
      `items total ${totalKopecks} ≠ payments ${cashKopecks} cash + ${electronicKopecks} electronic`,
    );
  }
  if (doc.electronicOnly && !doc.customerContact) {
    throw invalid('an electronic-only receipt needs the customer contact (tag 1008)');
  }
  if (doc.customerContact) steps.push(writeTlv(password, customerContactTlv(doc.customerContact)));
  if (doc.cashier) steps.push(...cashierSteps(doc.cashier, password));
  const close = closeReceiptV2(password, { cashKopecks, electronicKopecks, taxSystem: doc.taxSystem });
  return { totalKopecks, steps, close };
}

/** FF0Ch for tag 1021 and, when known, 1203 (also used by the shift open/close dialogues). */
export function cashierSteps(cashier: Cashier, password: number): ShtrihCommand<void>[] {
  const steps = [writeTlv(password, cashierNameTlv(cashier.name))];
  if (cashier.inn) steps.push(writeTlv(password, cashierInnTlv(cashier.inn)));
  return steps;
}

function isMoney(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_MONEY;
}

function invalid(message: string): FiscalError {
  return new FiscalError('invalid_document', { outcomeKnown: true, retryable: false, message });
}
