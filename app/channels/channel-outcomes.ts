// What the box answers a payment channel, in the box's own words. Each protocol codec maps an outcome
// to its numeric code (osmp-codec.ts, sberbank-codec.ts); a channel may override the table
// (settings.codes), because billings in the wild number Sberbank's codes differently
// (research/billing.md §1.2: sir-go/utm5-sber-osmp:internal/service/handler.go@022f9402).
export const CHANNEL_OUTCOMES = [
  /** Accepted: the account exists (check), or the payment is taken (pay). */
  'ok',
  /** The same payment again: OSMP answers it as ok, Sberbank as CODE 8 with the original EXT_ID. */
  'duplicate',
  /** The billing cannot be reached now; the channel should repeat later. */
  'temporary',
  /** This transaction is being handled by another request right now; repeat later. */
  'in_progress',
  'unknown_action',
  'bad_account',
  'account_not_found',
  'account_inactive',
  /** The billing refuses payments to this account. */
  'forbidden',
  /** The channel is switched off in the box. */
  'technical',
  'bad_txn_id',
  'bad_amount',
  'amount_too_small',
  'amount_too_large',
  'bad_date',
  /** The same transaction id came with another account or amount: refused, nothing posted. */
  'txn_conflict',
  /** status of a transaction the box never got. */
  'unknown_txn',
  /** The billing answered something the box could not read while checking the account. */
  'cannot_check',
  'access_denied',
  'internal',
] as const;

export type ChannelOutcome = (typeof CHANNEL_OUTCOMES)[number];

export type CodeTable = Readonly<Record<ChannelOutcome, number>>;
