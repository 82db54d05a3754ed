// The office cash desk (docs/api.md "Cash desk"): a payment taken by a person on a chosen
// register. `request_id` is made once per filled-in form, so a double click or a retry after a lost
// answer gives back the same payment (200) instead of a second one.
import { api } from '../api/client.ts';
import type { CashDeskPaymentAnswerJson } from '../api/types.ts';
import type { CashDeskInput } from '../cash-desk/cash-desk-form.ts';

export function takeCashDeskPayment(
  requestId: string,
  input: CashDeskInput,
): Promise<CashDeskPaymentAnswerJson> {
  return api.post('/cash-desk/payments', { request_id: requestId, ...input });
}
