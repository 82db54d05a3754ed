// Everything a receipt copy shows, gathered from the API: the receipt itself (fiscal fields, QR) plus
// the payment (method, contact, account), the register (name, cashier), its organization (name, INN,
// tax system) and the payment's source (item name, VAT). Only the receipt is required; the rest is
// shown when the person's role may read it, so a cashier still gets a printable copy.
import type { OrganizationJson, PaymentJson, ReceiptJson, RegisterJson, SourceJson } from '../api/types.ts';

export interface ReceiptSlip {
  receipt: ReceiptJson;
  payment: PaymentJson | null;
  register: RegisterJson | null;
  organization: OrganizationJson | null;
  source: SourceJson | null;
}

export interface SlipReaders {
  receipt(id: number): Promise<ReceiptJson>;
  payment(id: number): Promise<PaymentJson>;
  register(id: number): Promise<RegisterJson>;
  organization(id: number): Promise<OrganizationJson>;
  source(id: number): Promise<SourceJson>;
}

/** Reads a receipt and what it refers to; a failure of anything but the receipt leaves that part null. */
export async function readReceiptSlip(id: number, read: SlipReaders, known: Partial<ReceiptSlip> = {}) {
  const receipt = known.receipt ?? (await read.receipt(id));
  const optional = <T>(promise: Promise<T>): Promise<T | null> => promise.catch(() => null);
  const [payment, register] = await Promise.all([
    known.payment ?? optional(read.payment(receipt.payment_id)),
    known.register ?? optional(read.register(receipt.register_id)),
  ]);
  const [organization, source] = await Promise.all([
    register ? optional(read.organization(register.organization_id)) : null,
    payment ? optional(read.source(payment.source_id)) : null,
  ]);
  return { receipt, payment, register, organization, source } satisfies ReceiptSlip;
}
