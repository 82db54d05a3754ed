// Value tables between the driver contract (drivers/fiscal-registrar.ts) and the bytes of FF46h/FF45h.
// FFD values: tag 1054 «признак расчёта», 1214 «признак способа расчёта» (FFD table 24), 1212 «признак
// предмета расчёта» (FFD table 25), 1055 СНО bits (spec FF45h «Система налогообложения»).
// The FF46h «Налоговая ставка» byte is not defined by the spec text; it is taken as a bit mask of tax
// groups like FF0Dh's «Налог» byte (team decision, protocols.md §2.5 «Ambiguity»; verify on hardware).

import type {
  Operation,
  PaymentMethod,
  PaymentObject,
  TaxSystem,
  VatRate,
} from '../../../fiscal-registrar.ts';

export const OPERATION_CODE: Readonly<Record<Operation, number>> = {
  income: 1,
  income_return: 2,
  expense: 3,
  expense_return: 4,
};

export const VAT_RATE_MASK: Readonly<Record<VatRate, number>> = {
  vat20: 0x01,
  vat10: 0x02,
  vat0: 0x04,
  none: 0x08,
  vat120: 0x10,
  vat110: 0x20,
  vat5: 0x81,
  vat7: 0x82,
  vat105: 0x84,
  vat107: 0x88,
};

export const PAYMENT_METHOD_CODE: Readonly<Record<PaymentMethod, number>> = {
  full_prepayment: 1,
  prepayment: 2,
  advance: 3,
  full_payment: 4,
};

export const PAYMENT_OBJECT_CODE: Readonly<Record<PaymentObject, number>> = {
  commodity: 1,
  service: 4,
  payment: 10,
  another: 13,
};

export const TAX_SYSTEM_BIT: Readonly<Record<TaxSystem, number>> = {
  osn: 0x01,
  usn_income: 0x02,
  usn_income_outcome: 0x04,
  envd: 0x08,
  esn: 0x10,
  patent: 0x20,
};

/** Reverse of OPERATION_CODE for the FN archive («Тип операции» of a receipt record). */
export function operationFromCode(code: number): Operation | undefined {
  const found = Object.entries(OPERATION_CODE).find(([, value]) => value === code);
  return found?.[0] as Operation | undefined;
}
