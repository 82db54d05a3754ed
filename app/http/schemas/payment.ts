// The API contract of payments, fiscal jobs and receipts (snake_case JSON; money in integer kopecks).
import { type Static, Type } from 'typebox';
import type { PaymentView } from '../../payments/payment-views.ts';
import type { FiscalJobRow, JobEventRow } from '../../storage/fiscal-job-repository.ts';
import type { ReceiptRow } from '../../storage/receipt-repository.ts';
import { TimestampSchema } from './common.ts';

const Kopecks = Type.Integer({
  minimum: 1,
  maximum: 999_999_999_999,
  description: 'Amount in kopecks (integer)',
});
const PaymentMethodOfPayer = Type.Enum(['cash', 'electronic'], {
  description: 'How the customer paid: cash, or electronic (card, bank, payment channel)',
});
const JobState = Type.Enum(['pending', 'sending', 'done', 'outcome_unknown', 'failed']);
const PaymentStatus = Type.Enum(['accepted', 'fiscalized', 'failed']);

export const PaymentCreate = Type.Object(
  {
    source_id: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Required for people; an API token always posts to its own source',
      }),
    ),
    external_id: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'The payment id in the source; (source, external_id) makes the request idempotent',
    }),
    // The description of a patterned field is what a 400 says it must be (validation.ts).
    account: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '\\S',
      description: 'a non-blank subscriber account of up to 64 characters',
    }),
    amount_kopecks: Kopecks,
    method: Type.Optional(PaymentMethodOfPayer),
    customer_contact: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'Phone (+79991234567) or e-mail for the electronic receipt (tag 1008)',
      }),
    ),
    paid_at: Type.Optional(Type.String({ description: 'When the customer paid, ISO-8601 with a zone' })),
  },
  { additionalProperties: false },
);
export type PaymentCreateBody = Static<typeof PaymentCreate>;

export const Receipt = Type.Object({
  id: Type.Integer(),
  payment_id: Type.Integer(),
  fiscal_job_id: Type.Integer(),
  register_id: Type.Integer(),
  fn_number: Type.String({ description: 'ФН number' }),
  fd_number: Type.Integer({ description: 'Fiscal document number (ФД)' }),
  fiscal_sign: Type.String({ description: 'Fiscal sign (ФП), decimal' }),
  shift_number: Type.Union([Type.Integer(), Type.Null()]),
  operation: Type.String({ description: 'income = приход (1054=1)' }),
  total_kopecks: Type.Integer(),
  device_time: Type.String({ description: 'Local time of the device, as the FN recorded it' }),
  fiscalized_at: TimestampSchema,
  qr: Type.String({ description: 'Text of the receipt QR code (t=…&s=…&fn=…&i=…&fp=…&n=…)' }),
  resolution: Type.Enum(['device', 'reconciled', 'manual'], {
    description:
      'device: the register answered; reconciled: found in the FN after a lost answer; manual: by a person',
  }),
  created_at: TimestampSchema,
  prev_hash: Type.String({ description: 'Hash of the journal entry before this one' }),
  hash: Type.String({ description: 'Journal hash (SHA-256, chained)' }),
});
export type ReceiptJson = Static<typeof Receipt>;

export const ReceiptList = Type.Object({ items: Type.Array(Receipt) });
export type ReceiptListJson = Static<typeof ReceiptList>;

export const FiscalJob = Type.Object({
  id: Type.Integer(),
  payment_id: Type.Integer(),
  register_id: Type.Union([Type.Integer(), Type.Null()]),
  state: JobState,
  attempts: Type.Integer(),
  last_error_code: Type.Union([Type.String(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_fd_before: Type.Union([Type.Integer(), Type.Null()]),
  not_before: TimestampSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type FiscalJobJson = Static<typeof FiscalJob>;

export const JobEvent = Type.Object({
  at: TimestampSchema,
  from_state: Type.Union([JobState, Type.Null()]),
  to_state: JobState,
  detail: Type.Union([Type.String(), Type.Null()]),
});
export type JobEventJson = Static<typeof JobEvent>;

export const Payment = Type.Object({
  id: Type.Integer(),
  source_id: Type.Integer(),
  external_id: Type.String(),
  account: Type.String(),
  amount_kopecks: Type.Integer(),
  method: PaymentMethodOfPayer,
  customer_contact: Type.Union([Type.String(), Type.Null()]),
  paid_at: TimestampSchema,
  accepted_at: TimestampSchema,
  status: PaymentStatus,
  fiscal_job: Type.Union([FiscalJob, Type.Null()]),
  receipt: Type.Union([Receipt, Type.Null()]),
});
export type PaymentJson = Static<typeof Payment>;

export const PaymentList = Type.Object({
  items: Type.Array(Payment),
  total: Type.Integer({ description: 'Payments matching the filters, on every page' }),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next (older) page; null on the last page',
  }),
});
export type PaymentListJson = Static<typeof PaymentList>;

// A day (YYYY-MM-DD, in the box time zone; `to` includes that whole day) or an instant with a zone.
const PaymentRangeBound = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}($|T)',
  description: 'a day YYYY-MM-DD in the box time zone (to: including that day) or an ISO-8601 instant',
});

export const PaymentQuery = Type.Object(
  {
    source_id: Type.Optional(Type.Integer({ minimum: 1 })),
    external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    account: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(PaymentStatus),
    amount_kopecks: Type.Optional(Kopecks),
    paid_from: Type.Optional(Type.String({ format: 'date-time', description: 'paid_at ≥ this instant' })),
    paid_to: Type.Optional(Type.String({ format: 'date-time', description: 'paid_at < this instant' })),
    from: Type.Optional(PaymentRangeBound),
    to: Type.Optional(PaymentRangeBound),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,15}$',
        description: 'next_cursor of the previous page (newest first)',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const JobQuery = Type.Object(
  {
    state: Type.Optional(JobState),
    register_id: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

const Reason = Type.String({
  minLength: 3,
  maxLength: 500,
  pattern: '\\S',
  description: 'a non-blank reason of 3 to 500 characters (it goes to the audit log)',
});

export const RequeueBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const ResolveBody = Type.Object(
  {
    fiscalized: Type.Boolean({ description: 'Whether the FN shows this payment as fiscalized' }),
    fd_number: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Required when fiscalized: the FD in the FN' }),
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const FiscalJobDetail = Type.Object({ ...FiscalJob.properties, events: Type.Array(JobEvent) });
export type FiscalJobDetailJson = Static<typeof FiscalJobDetail>;

export const FiscalJobList = Type.Object({
  items: Type.Array(FiscalJob),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Jobs per state, over the whole queue' }),
});
export type FiscalJobListJson = Static<typeof FiscalJobList>;

export function receiptJson(row: ReceiptRow): Static<typeof Receipt> {
  return {
    id: row.id,
    payment_id: row.paymentId,
    fiscal_job_id: row.fiscalJobId,
    register_id: row.registerId,
    fn_number: row.fnNumber,
    fd_number: row.fdNumber,
    fiscal_sign: row.fiscalSign,
    shift_number: row.shiftNumber,
    operation: row.operation,
    total_kopecks: row.totalKopecks,
    device_time: row.deviceTime,
    fiscalized_at: row.fiscalizedAt,
    qr: row.qr,
    resolution: row.resolution as 'device' | 'reconciled' | 'manual',
    created_at: row.createdAt,
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

export function fiscalJobJson(row: FiscalJobRow): Static<typeof FiscalJob> {
  return {
    id: row.id,
    payment_id: row.paymentId,
    register_id: row.registerId,
    state: row.state,
    attempts: row.attempts,
    last_error_code: row.lastErrorCode,
    last_error: row.lastError,
    last_fd_before: row.lastFdBefore,
    not_before: row.notBefore,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function jobEventJson(row: JobEventRow): Static<typeof JobEvent> {
  return { at: row.at, from_state: row.fromState, to_state: row.toState, detail: row.detail };
}

export function paymentJson(view: PaymentView): Static<typeof Payment> {
  const { payment } = view;
  return {
    id: payment.id,
    source_id: payment.sourceId,
    external_id: payment.externalId,
    account: payment.account,
    amount_kopecks: payment.amountKopecks,
    method: payment.method,
    customer_contact: payment.customerContact,
    paid_at: payment.paidAt,
    accepted_at: payment.acceptedAt,
    status: payment.status,
    fiscal_job: view.job ? fiscalJobJson(view.job) : null,
    receipt: view.receipt ? receiptJson(view.receipt) : null,
  };
}
