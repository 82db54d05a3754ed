// Everything a receipt copy shows: the receipt detail from the API (fiscal fields, the document as it
// was sent, the seller, the QR text) plus the payment (account) and the register (cashier). Only the
// receipt is required; the other two are shown when the person may read them.
import type { PaymentJson, ReceiptDetailJson, RegisterJson } from '../api/types.ts';

export interface ReceiptSlip {
  receipt: ReceiptDetailJson;
  payment: PaymentJson | null;
  register: RegisterJson | null;
}

export interface SlipReaders {
  receipt(id: number): Promise<ReceiptDetailJson>;
  payment(id: number): Promise<PaymentJson>;
  register(id: number): Promise<RegisterJson>;
}

/** Reads a receipt and what it refers to; a failure of anything but the receipt leaves that part null. */
export async function readReceiptSlip(
  id: number,
  read: SlipReaders,
  known: Partial<Omit<ReceiptSlip, 'receipt'>> = {},
): Promise<ReceiptSlip> {
  const receipt = await read.receipt(id);
  const optional = <T>(promise: Promise<T>): Promise<T | null> => promise.catch(() => null);
  const [payment, register] = await Promise.all([
    known.payment ?? optional(read.payment(receipt.payment_id)),
    known.register ?? optional(read.register(receipt.register_id)),
  ]);
  return { receipt, payment, register };
}
