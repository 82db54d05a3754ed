// One receipt as a person reads or reprints it (issue 3 "receipt detail with every fiscal field"): the
// journal row plus what was fiscalized — the document exactly as the job sent it (item, VAT, payment
// method and object, cash/electronic split, tax system, tag 1008) — and who sold it. The document comes
// from the job, not from today's source settings: a source renamed since must not rewrite old receipts.
import { type Static, Type } from 'typebox';
import type { FiscalDocument } from '../../../drivers/fiscal-registrar.ts';
import { type OrganizationRow, TAX_SYSTEMS } from '../../storage/organization-repository.ts';
import type { ReceiptRow } from '../../storage/receipt-repository.ts';
import type { RegisterRow } from '../../storage/register-repository.ts';
import { PAYMENT_METHODS, PAYMENT_OBJECTS, VAT_RATES } from '../../storage/source-repository.ts';
import { Receipt, receiptJson } from './payment.ts';

export const ReceiptDetail = Type.Object({
  ...Receipt.properties,
  organization: Type.Union([
    Type.Object({ id: Type.Integer(), name: Type.String(), inn: Type.String({ description: 'ИНН (1018)' }) }),
    Type.Null(),
  ]),
  register_name: Type.Union([Type.String(), Type.Null()]),
  document: Type.Union([
    Type.Object({
      items: Type.Array(
        Type.Object({
          name: Type.String({ description: 'Предмет расчёта (1030)' }),
          price_kopecks: Type.Integer({ description: '1079' }),
          quantity: Type.Number({ description: '1023' }),
          vat: Type.Enum([...VAT_RATES], { description: 'Ставка НДС (1199)' }),
          payment_method: Type.Enum([...PAYMENT_METHODS], { description: 'Признак способа расчёта (1214)' }),
          payment_object: Type.Enum([...PAYMENT_OBJECTS], { description: 'Признак предмета расчёта (1212)' }),
        }),
      ),
      cash_kopecks: Type.Integer({ description: 'Наличными (1031)' }),
      electronic_kopecks: Type.Integer({ description: 'Безналичными (1081)' }),
      tax_system: Type.Enum([...TAX_SYSTEMS], { description: 'СНО (1055)' }),
      customer_contact: Type.Union([
        Type.String({ description: 'Телефон или e-mail покупателя (1008)' }),
        Type.Null(),
      ]),
    }),
    Type.Null(),
  ]),
});
export type ReceiptDetailJson = Static<typeof ReceiptDetail>;

export interface ReceiptContext {
  documentJson: string | undefined;
  organization: OrganizationRow | undefined;
  register: RegisterRow | undefined;
}

export function receiptDetailJson(row: ReceiptRow, context: ReceiptContext): ReceiptDetailJson {
  const { organization, register } = context;
  return {
    ...receiptJson(row),
    organization: organization
      ? { id: organization.id, name: organization.name, inn: organization.inn }
      : null,
    register_name: register?.name ?? null,
    document: context.documentJson === undefined ? null : documentJson(JSON.parse(context.documentJson)),
  };
}

function documentJson(doc: FiscalDocument): NonNullable<ReceiptDetailJson['document']> {
  return {
    items: doc.items.map((item) => ({
      name: item.name,
      price_kopecks: item.priceKopecks,
      quantity: item.quantity,
      vat: item.vat,
      payment_method: item.paymentMethod,
      payment_object: item.paymentObject,
    })),
    cash_kopecks: doc.payments.cashKopecks,
    electronic_kopecks: doc.payments.electronicKopecks,
    tax_system: doc.taxSystem,
    customer_contact: doc.customerContact ?? null,
  };
}
