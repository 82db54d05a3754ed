// What the box needs from a provider's billing (ARCHITECTURE §4 "Billing adapters"), one adapter per
// way of reaching it: osmp-client.ts (the billing's own QIWI-provider endpoint: ABillS Paysys,
// BGBilling mps, UTM5, Carbon, NoDeny), abills-rest.ts, lanbilling-soap.ts, sql-billing.ts. Like the
// fiscal drivers, nothing here imports from app/: adapters get plain settings and speak the billing's
// real wire format. Money is integer kopecks (rule 2).

export type BillingKind = 'osmp' | 'abills' | 'lanbilling' | 'sql';

export interface BillingAccount {
  /** The account as the billing knows it (may be normalised, e.g. leading zeros). */
  account: string;
  /** The subscriber's name, when the billing tells it (shown to the channel as FIO where allowed). */
  name?: string;
  balanceKopecks?: number;
}

/** Why an account cannot take a payment: each maps to a channel's own answer code. */
export type AccountRefusal = 'not_found' | 'bad_format' | 'inactive' | 'forbidden';

export type FindAccountResult =
  | { found: true; account: BillingAccount }
  | { found: false; reason: AccountRefusal; message: string };

/** A found account, with the name and balance only when the billing told them. */
export function foundAccount(
  account: string,
  name: string | undefined,
  balanceKopecks: number | undefined,
): FindAccountResult {
  return {
    found: true,
    account: {
      account,
      ...(name === undefined ? {} : { name }),
      ...(balanceKopecks === undefined ? {} : { balanceKopecks }),
    },
  };
}

export interface PostPaymentInput {
  /**
   * Makes the post idempotent: the same key again returns the payment posted first, never a second
   * one. Translator mode passes the box's channel transaction id (digits only, as OSMP's txn_id).
   */
  idempotencyKey: string;
  account: string;
  amountKopecks: number;
  /** When the customer paid. */
  paidAt: Date;
  /** Free text for the billing's payment record (channel name and its transaction id). */
  comment: string;
}

/** A payment as the billing recorded it. */
export interface BillingPayment {
  /** The billing's own id of the payment (OSMP prv_txn, ABillS payment id, LANBilling record_id…). */
  billingPaymentId: string;
  idempotencyKey: string;
  account: string;
  amountKopecks: number;
}

/** Registrar mode: a payment found in the billing that needs a receipt. */
export interface BilledPayment {
  billingPaymentId: string;
  account: string;
  amountKopecks: number;
  /** ISO-8601 instant with a zone. */
  paidAt: string;
  method: 'cash' | 'electronic';
  /** Phone or e-mail for the electronic receipt, when the billing has one. */
  customerContact?: string;
}

export interface PaymentPage {
  payments: BilledPayment[];
  /** Where the next poll starts; store it durably once these payments are accepted. */
  cursor: string;
}

export interface FiscalMark {
  fnNumber: string;
  fdNumber: number;
  fiscalSign: string;
  /** ISO-8601 UTC instant. */
  fiscalizedAt: string;
}

export interface BillingAdapter {
  readonly kind: BillingKind;
  findAccount(account: string): Promise<FindAccountResult>;
  /** Idempotent on idempotencyKey. Throws BillingError; a lost answer is outcomeKnown: false. */
  postPayment(input: PostPaymentInput): Promise<BillingPayment>;
  /** The payment posted under this key, if the billing has it: how a lost post is resolved. */
  getPayment(idempotencyKey: string): Promise<BillingPayment | undefined>;
  /**
   * Registrar mode, for billings that can list payments: those after `cursor` (undefined: start at
   * the adapter's configured beginning), oldest first, at most `limit`.
   */
  paymentsAfter?(cursor: string | undefined, limit: number): Promise<PaymentPage>;
  /** Where the billing keeps it (SQL update template): records the receipt against its payment. */
  markFiscalized?(billingPaymentId: string, mark: FiscalMark): Promise<void>;
  /** Closes pools and sockets. */
  close(): Promise<void>;
}

/**
 * unavailable: the billing could not be reached or answered a temporary error, retry later.
 * rejected: the billing refused for good (bad amount, account closed…), a retry will not help.
 * protocol: the billing answered something this adapter cannot read.
 * outcomeKnown false: a post was sent and its answer lost; ask getPayment before posting again.
 */
export type BillingErrorKind = 'unavailable' | 'rejected' | 'protocol';

export class BillingError extends Error {
  readonly kind: BillingErrorKind;
  readonly outcomeKnown: boolean;
  constructor(
    kind: BillingErrorKind,
    message: string,
    options: { outcomeKnown?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BillingError';
    this.kind = kind;
    this.outcomeKnown = options.outcomeKnown ?? true;
  }
}

/** Refuses to post anything but a positive whole number of kopecks; `what` names the call in the message. */
export function refuseBadAmount(what: string, amountKopecks: number): void {
  if (!Number.isSafeInteger(amountKopecks) || amountKopecks <= 0) {
    throw new BillingError('rejected', `${what}: the amount must be positive kopecks, got ${amountKopecks}`);
  }
}
