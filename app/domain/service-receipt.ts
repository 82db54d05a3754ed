// The receipt for a provider's service payment (issue "Core", receipt section): приход (1054=1), one
// item named per source (default «Оплата услуг связи»), предмет расчёта and способ расчёта per source
// (default услуга / аванс), the source's VAT rate, the organization's tax system, 1008 when known.
import type {
  Cashier,
  FiscalDocument,
  PaymentMethod,
  PaymentObject,
  TaxSystem,
  VatRate,
} from '../../drivers/fiscal-registrar.ts';

export interface ReceiptPolicy {
  itemName: string;
  paymentMethod: PaymentMethod;
  paymentObject: PaymentObject;
  vat: VatRate;
  taxSystem: TaxSystem;
}

export interface PaymentFacts {
  amountKopecks: number;
  method: 'cash' | 'electronic';
  customerContact?: string | null;
}

export function serviceReceipt(payment: PaymentFacts, policy: ReceiptPolicy): FiscalDocument {
  const doc: FiscalDocument = {
    operation: 'income',
    items: [
      {
        name: policy.itemName,
        priceKopecks: payment.amountKopecks,
        quantity: 1,
        vat: policy.vat,
        paymentMethod: policy.paymentMethod,
        paymentObject: policy.paymentObject,
      },
    ],
    payments: {
      cashKopecks: payment.method === 'cash' ? payment.amountKopecks : 0,
      electronicKopecks: payment.method === 'electronic' ? payment.amountKopecks : 0,
    },
    taxSystem: policy.taxSystem,
    electronicOnly: false,
  };
  if (payment.customerContact) doc.customerContact = payment.customerContact;
  return doc;
}

/** What the register adds at send time: who is at the register and whether it prints. */
export function forRegister(
  doc: FiscalDocument,
  register: { electronicOnly: boolean; cashier: Cashier },
): FiscalDocument {
  return { ...doc, electronicOnly: register.electronicOnly, cashier: register.cashier };
}

export function documentTotal(doc: FiscalDocument): number {
  return doc.items.reduce((sum, item) => sum + Math.round(item.priceKopecks * item.quantity), 0);
}

/** Tag 1008 accepts a phone as +{digits} or an e-mail (pril. 2, table 5). */
export function normalizeCustomerContact(raw: string): string | undefined {
  const text = raw.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= 64) return text.toLowerCase();
  const digits = text.replace(/[\s()-]/g, '');
  if (/^\+\d{10,15}$/.test(digits)) return digits;
  if (/^8\d{10}$/.test(digits)) return `+7${digits.slice(1)}`;
  if (/^7\d{10}$/.test(digits)) return `+${digits}`;
  return undefined;
}
