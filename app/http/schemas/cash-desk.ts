// The API contract of the cash desk (docs/api.md "Cash desk"): the form's fields and the answer.
import { type Static, Type } from 'typebox';
import { Payment, PaymentCreate } from './payment.ts';

export const CashDeskPaymentCreate = Type.Object(
  {
    request_id: Type.String({
      format: 'uuid',
      description: 'Made by the form once per payment; a repeat answers the same payment (200)',
    }),
    register_id: Type.Integer({
      minimum: 1,
      description: 'The register at the desk; the receipt is printed there',
    }),
    account: PaymentCreate.properties.account,
    amount_kopecks: PaymentCreate.properties.amount_kopecks,
    method: Type.Enum(['cash', 'electronic'], { description: 'cash, or electronic (a card at the desk)' }),
    customer_contact: PaymentCreate.properties.customer_contact,
  },
  { additionalProperties: false },
);
export type CashDeskPaymentCreateJson = Static<typeof CashDeskPaymentCreate>;

export const CashDeskPaymentAnswer = Type.Object({ payment: Payment });
export type CashDeskPaymentAnswerJson = Static<typeof CashDeskPaymentAnswer>;
