// Turns a FiscalDocument into the device dialogue of a receipt (spec §FF46h, §FF0Ch, §FF45h):
// FF46h per item (the first opens the receipt) → FF0Ch per TLV (1008, 1021, 1203) → FF45h.
// Pure: validation and command building only; shtrih-registrar.ts runs the plan.

import { FiscalError } from '../fiscal-error.ts';
import type { Cashier, FiscalDocument, FiscalItem } from '../fiscal-registrar.ts';
import { quantityMicro } from './protocol/binary.ts';
import type { ShtrihCommand } from './protocol/commands/command.ts';
import { closeReceiptV2, operationV2 } from './protocol/commands/receipt.ts';
import { cashierInnTlv, cashierNameTlv, customerContactTlv, writeTlv } from './protocol/commands/tlv.ts';

/** What the closing command of a plan answers: FF45h's and FF4Ah's answers both have these. */
export interface FormedDocumentAnswer {
  fdNumber: number;
  fiscalSign: number;
  /** Present when «РАСШИР. ОТВ. НА КОМАНДЫ ФОРМ. ФД» is 1. */
  dateTime?: string;
}

export interface ReceiptPlan {
  /** 'correction' for a чек коррекции (correction-plan.ts), else 'receipt'. */
  documentType: 'receipt' | 'correction';
  totalKopecks: number;
  /** Everything before the close: FF46h and FF0Ch for a receipt, FF35h and FF0Ch for a correction. */
  steps: ShtrihCommand<void>[];
  close: ShtrihCommand<FormedDocumentAnswer>;
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

export interface PlannedLine {
  item: FiscalItem;
  quantityMicro: number;
  sumKopecks: number;
}

/** Validates the items and payments of a document; the lines with their sums and the total. */
export function planLines(doc: FiscalDocument): { lines: PlannedLine[]; totalKopecks: number } {
  if (doc.items.length === 0) throw invalid('a receipt needs at least one item');
  let totalKopecks = 0;
  const lines = doc.items.map((item, index): PlannedLine => {
    if (!isMoney(item.priceKopecks))
      throw invalid(`item ${index + 1}: price ${item.priceKopecks} is not whole kopecks`);
    if (!(item.quantity > 0) || !Number.isFinite(item.quantity)) {
      throw invalid(`item ${index + 1}: quantity ${item.quantity} is not positive`);
    }
    if (item.name.trim() === '') throw invalid(`item ${index + 1}: empty name`);
    const micro = quantityMicro(item.quantity);
    const sumKopecks = itemSumKopecks(item.priceKopecks, micro);
    totalKopecks += sumKopecks;
    return { item, quantityMicro: micro, sumKopecks };
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
  return { lines, totalKopecks };
}

export function planReceipt(doc: FiscalDocument, password: number): ReceiptPlan {
  const { lines, totalKopecks } = planLines(doc);
  const steps: ShtrihCommand<void>[] = lines.map(({ item, quantityMicro: micro }) =>
    operationV2(password, {
      operation: doc.operation,
      quantityMicro: micro,
      priceKopecks: item.priceKopecks,
      vat: item.vat,
      paymentMethod: item.paymentMethod,
      paymentObject: item.paymentObject,
      name: item.name,
    }),
  );
  steps.push(...documentTagSteps(doc, password));
  const { cashKopecks, electronicKopecks } = doc.payments;
  const close = closeReceiptV2(password, { cashKopecks, electronicKopecks, taxSystem: doc.taxSystem });
  return { documentType: 'receipt', totalKopecks, steps, close };
}

/** FF0Ch for the tags every document of a sale carries when known: 1008, then 1021/1203. */
export function documentTagSteps(doc: FiscalDocument, password: number): ShtrihCommand<void>[] {
  const steps: ShtrihCommand<void>[] = [];
  if (doc.customerContact) steps.push(writeTlv(password, customerContactTlv(doc.customerContact)));
  if (doc.cashier) steps.push(...cashierSteps(doc.cashier, password));
  return steps;
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

export function invalid(message: string): FiscalError {
  return new FiscalError('invalid_document', { outcomeKnown: true, retryable: false, message });
}
