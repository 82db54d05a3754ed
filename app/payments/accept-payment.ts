// Accepting a payment (rule 1): the payment and its fiscal job are committed in one durable transaction
// before anyone is told "accepted". (source, external_id) is the idempotency key: the same content again
// returns the original payment; different content under the same key is a conflict, never a second receipt.
import type { FiscalDocument } from '../../drivers/fiscal-registrar.ts';
import { documentTotal, normalizeCustomerContact, serviceReceipt } from '../domain/service-receipt.ts';
import type { Db } from '../storage/database.ts';
import type { FiscalJobRepository } from '../storage/fiscal-job-repository.ts';
import type { PaymentRepository, PaymentRow } from '../storage/payment-repository.ts';
import type { ReceiptPolicyRepository } from '../storage/receipt-policy-repository.ts';

export interface AcceptPaymentInput {
  sourceId: number;
  externalId: string;
  account: string;
  amountKopecks: number;
  method: 'cash' | 'electronic';
  customerContact?: string;
  /** When the customer paid (ISO-8601 with a zone); defaults to the moment of acceptance. */
  paidAt?: string;
  /** Only this register may fiscalize it (the cash desk); a repeat must name the same one. */
  pinnedRegisterId?: number;
  /**
   * The receipt exactly as the caller composed it (ATOL Online requests carry their own items,
   * operation and payments); its total must equal amountKopecks. Without it the source's service
   * receipt is made. A repeat must carry the same document.
   */
  document?: FiscalDocument;
  /**
   * false: the payment belongs to the source's own organization whatever its account rules say (an
   * ATOL Online group code names one organization, and `account` is not a subscriber's there).
   */
  accountRules?: boolean;
}

export interface AcceptPaymentResult {
  payment: PaymentRow;
  created: boolean;
}

export class PaymentInputError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = 'PaymentInputError';
    this.path = path;
  }
}

export class PaymentConflictError extends Error {
  readonly paymentId: number;
  readonly differences: string[];
  constructor(paymentId: number, externalId: string, differences: string[]) {
    super(
      `Payment with external_id "${externalId}" was already accepted (id ${paymentId}) with a different ${differences.join(', ')}; ` +
        'a repeat must carry the same content, and a new payment needs a new external_id.',
    );
    this.name = 'PaymentConflictError';
    this.paymentId = paymentId;
    this.differences = differences;
  }
}

export class UnknownSourceError extends Error {
  constructor(sourceId: number) {
    super(`Source ${sourceId} does not exist`);
    this.name = 'UnknownSourceError';
  }
}

export interface AcceptPaymentDeps {
  db: Db;
  payments: PaymentRepository;
  jobs: FiscalJobRepository;
  policies: ReceiptPolicyRepository;
  now: () => Date;
  /** Called after the commit so the register workers look at the queue at once. */
  onAccepted?: (organizationId: number) => void;
  /** Called inside the transaction for a new payment, so its audit row commits with it. */
  onCreated?: (payment: PaymentRow) => void;
}

function differencesBetween(
  existing: PaymentRow,
  wanted: Omit<PaymentRow, 'id' | 'status' | 'acceptedAt' | 'paidAt'>,
): string[] {
  const differences: string[] = [];
  if (existing.account !== wanted.account) differences.push('account');
  if (existing.amountKopecks !== wanted.amountKopecks) differences.push('amount_kopecks');
  if (existing.method !== wanted.method) differences.push('method');
  if ((existing.customerContact ?? null) !== (wanted.customerContact ?? null))
    differences.push('customer_contact');
  return differences;
}

function normalizedPaidAt(paidAt: string | undefined, acceptedAt: string): string {
  if (paidAt === undefined) return acceptedAt;
  const time = Date.parse(paidAt);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(paidAt) ||
    Number.isNaN(time)
  ) {
    throw new PaymentInputError(
      '/paid_at',
      'must be an ISO-8601 date-time with a zone, e.g. 2026-11-22T21:18:00+03:00',
    );
  }
  return new Date(time).toISOString();
}

export function acceptPayment(deps: AcceptPaymentDeps, input: AcceptPaymentInput): AcceptPaymentResult {
  if (input.externalId.length < 1 || input.externalId.length > 128) {
    throw new PaymentInputError('/external_id', 'must be 1 to 128 characters');
  }
  if (input.account.trim().length < 1 || input.account.trim().length > 64) {
    throw new PaymentInputError('/account', 'must be 1 to 64 characters besides spaces');
  }
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks <= 0) {
    throw new PaymentInputError('/amount_kopecks', 'must be a positive whole number of kopecks');
  }
  if (input.document !== undefined && documentTotal(input.document) !== input.amountKopecks) {
    throw new PaymentInputError(
      '/document',
      `the items total ${documentTotal(input.document)} kopecks, not the payment's ${input.amountKopecks}`,
    );
  }
  let customerContact: string | null = null;
  if (input.customerContact !== undefined && input.customerContact.trim() !== '') {
    customerContact = normalizeCustomerContact(input.customerContact) ?? null;
    if (customerContact === null) {
      throw new PaymentInputError(
        '/customer_contact',
        'must be a phone number (+79991234567) or an e-mail address',
      );
    }
  }
  const acceptedAt = deps.now().toISOString();
  const paidAt = normalizedPaidAt(input.paidAt, acceptedAt);
  const wanted = {
    sourceId: input.sourceId,
    externalId: input.externalId,
    account: input.account.trim(),
    amountKopecks: input.amountKopecks,
    method: input.method,
    customerContact,
  };

  const result = deps.db
    .transaction((): AcceptPaymentResult & { organizationId: number } => {
      const existing = deps.payments.findByExternalId(input.sourceId, input.externalId);
      const policy = deps.policies.forPayment(input.sourceId, wanted.account, {
        accountRules: input.accountRules ?? true,
      });
      if (!policy) throw new UnknownSourceError(input.sourceId);
      if (existing) {
        const differences = differencesBetween(existing, wanted);
        const job = deps.jobs.getByPaymentId(existing.id);
        if ((job?.pinnedRegisterId ?? undefined) !== input.pinnedRegisterId) differences.push('register_id');
        if (input.document !== undefined && job?.documentJson !== JSON.stringify(input.document))
          differences.push('document');
        if (differences.length > 0)
          throw new PaymentConflictError(existing.id, input.externalId, differences);
        return { payment: existing, created: false, organizationId: policy.organizationId };
      }
      const paymentId = deps.payments.insert({ ...wanted, paidAt, acceptedAt });
      const document = input.document ?? serviceReceipt(wanted, policy);
      deps.jobs.insert({
        paymentId,
        organizationId: policy.organizationId,
        documentJson: JSON.stringify(document),
        now: acceptedAt,
        ...(input.pinnedRegisterId === undefined ? {} : { pinnedRegisterId: input.pinnedRegisterId }),
      });
      const payment = deps.payments.getById(paymentId)!;
      deps.onCreated?.(payment);
      return {
        payment,
        created: true,
        organizationId: policy.organizationId,
      };
    })
    .immediate();

  if (result.created) deps.onAccepted?.(result.organizationId);
  return { payment: result.payment, created: result.created };
}
