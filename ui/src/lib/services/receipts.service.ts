// Receipts (docs/api.md "Fiscal jobs and receipts") and the receipt copy with everything it refers to.
import { api } from '../api/client.ts';
import type { ReceiptJson } from '../api/types.ts';
import { type ReceiptSlip, readReceiptSlip } from '../receipt/receipt-slip.ts';
import { getOrganization } from './organizations.service.ts';
import { getPayment } from './payments.service.ts';
import { getRegister } from './registers.service.ts';
import { getSource } from './sources.service.ts';

export function getReceipt(id: number): Promise<ReceiptJson> {
  return api.get(`/receipts/${id}`);
}

/** The receipt with its payment, register, organization and source (those the role may read). */
export function loadReceiptSlip(id: number, known: Partial<ReceiptSlip> = {}): Promise<ReceiptSlip> {
  return readReceiptSlip(
    id,
    {
      receipt: getReceipt,
      payment: (paymentId) => getPayment(paymentId),
      register: getRegister,
      organization: getOrganization,
      source: getSource,
    },
    known,
  );
}
