// Receipts (docs/api.md "Fiscal jobs and receipts") and the receipt copy with everything it refers to.
import { api } from '../api/client.ts';
import type { ReceiptDetailJson } from '../api/types.ts';
import { type ReceiptSlip, readReceiptSlip } from '../receipt/receipt-slip.ts';
import { getPayment } from './payments.service.ts';
import { getRegister } from './registers.service.ts';

export function getReceipt(id: number): Promise<ReceiptDetailJson> {
  return api.get(`/receipts/${id}`);
}

/** The receipt detail with its payment and register (when the role may read them). */
export function loadReceiptSlip(
  id: number,
  known: Partial<Omit<ReceiptSlip, 'receipt'>> = {},
): Promise<ReceiptSlip> {
  return readReceiptSlip(
    id,
    {
      receipt: getReceipt,
      payment: (paymentId) => getPayment(paymentId),
      register: getRegister,
    },
    known,
  );
}
