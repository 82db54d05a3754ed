// Russian names of the fiscal codes the API sends (54-ФЗ tags), as a receipt prints them.
import type { OrganizationJson, PaymentJson, ReceiptJson, SourceJson } from '../api/types.ts';

export const TAX_SYSTEM_LABELS: Record<OrganizationJson['tax_system'], string> = {
  osn: 'ОСН',
  usn_income: 'УСН доход',
  usn_income_outcome: 'УСН доход − расход',
  envd: 'ЕНВД',
  esn: 'ЕСХН',
  patent: 'Патент',
};

export const PAYER_METHOD_LABELS: Record<PaymentJson['method'], string> = {
  cash: 'Наличными',
  electronic: 'Безналичными',
};

export const RESOLUTION_LABELS: Record<ReceiptJson['resolution'], string> = {
  device: 'ответ кассы',
  reconciled: 'найден в ФН после потерянного ответа',
  manual: 'подтверждён вручную',
};

/** Tag 1054; the box issues only income receipts today, other values are shown as they come. */
export function operationLabel(operation: string): string {
  return { income: 'Приход', income_return: 'Возврат прихода' }[operation] ?? operation;
}

export const PAYMENT_METHOD_LABELS: Record<SourceJson['payment_method'], string> = {
  full_prepayment: 'Предоплата 100%',
  prepayment: 'Предоплата',
  advance: 'Аванс',
  full_payment: 'Полный расчёт',
};

export const PAYMENT_OBJECT_LABELS: Record<SourceJson['payment_object'], string> = {
  commodity: 'Товар',
  service: 'Услуга',
  payment: 'Платёж',
  another: 'Иной предмет расчёта',
};

export const VAT_LABELS: Record<SourceJson['vat'], string> = {
  vat20: 'НДС 20%',
  vat10: 'НДС 10%',
  vat120: 'НДС 20/120',
  vat110: 'НДС 10/110',
  vat0: 'НДС 0%',
  none: 'Без НДС',
  vat5: 'НДС 5%',
  vat7: 'НДС 7%',
  vat105: 'НДС 5/105',
  vat107: 'НДС 7/107',
};

/** The device's own clock «2026-11-23T00:48» (no zone, as the FN recorded it) → «23.11.2026 00:48». */
export function formatDeviceTime(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(local);
  return m ? `${m[3]}.${m[2]}.${m[1]} ${m[4]}:${m[5]}` : local;
}
