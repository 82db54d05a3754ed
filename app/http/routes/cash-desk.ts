// The office cash desk: a person takes a payment on a register; the receipt is printed on that register.
// The UI then follows GET /payments/:id until the receipt (or a failure) is there.
import { PaymentConflictError, PaymentInputError } from '../../payments/accept-payment.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { ApiError, invalidField } from '../errors.ts';
import { auditContext, requireRegisterAccess } from '../principal.ts';
import { CashDeskPaymentAnswer, CashDeskPaymentCreate } from '../schemas/cash-desk.ts';
import { errorResponses } from '../schemas/common.ts';
import { paymentJson } from '../schemas/payment.ts';

const tags = ['cash desk'];

export const cashDeskRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.post(
    '/cash-desk/payments',
    {
      schema: {
        tags,
        summary: 'Take a payment at the cash desk; its receipt is printed on the register named',
        description:
          'Answers 201 once the payment is durably stored, its fiscal job pinned to register_id (no other ' +
          'register prints it, and a refusal of that register fails it). The same request_id again answers ' +
          '200 with the same payment. A cashier may use only the registers assigned to them.',
        body: CashDeskPaymentCreate,
        response: {
          200: CashDeskPaymentAnswer,
          201: CashDeskPaymentAnswer,
          ...errorResponses(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      requireRegisterAccess(request, deps, body.register_id);
      try {
        const { view, created } = deps.cashDesk.take(
          {
            requestId: body.request_id,
            registerId: body.register_id,
            account: body.account,
            amountKopecks: body.amount_kopecks,
            method: body.method,
            ...(body.customer_contact === undefined ? {} : { customerContact: body.customer_contact }),
          },
          auditContext(request),
        );
        return reply.status(created ? 201 : 200).send({ payment: paymentJson(view) });
      } catch (error) {
        if (error instanceof PaymentInputError) throw invalidField(error.path, error.message);
        if (error instanceof PaymentConflictError) {
          throw new ApiError(
            'payment_conflict',
            `request_id ${body.request_id} was already used for payment ${error.paymentId} with a different ` +
              `${error.differences.join(', ')}; a new payment needs a new request_id.`,
          );
        }
        throw error;
      }
    },
  );
};
