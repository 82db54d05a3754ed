// Results back (issue 5): when a payment's fiscal job finishes (done or failed), each planner says what
// must be delivered about it. The result planner (results/…) reads the pipeline's job events from its
// durable cursor, calls every planner inside one transaction, and stores what they return in
// result_delivery (UNIQUE payment, kind, outcome: planned once); the sender delivers them with backoff.
// Planners: source callbacks and billing marks (results/), ATOL Online callbacks (atol-online/).

export interface FinishedPayment {
  paymentId: number;
  sourceId: number;
  externalId: string;
  outcome: 'done' | 'failed';
}

export type DeliveryKind = 'callback' | 'billing_mark' | 'atol_callback';

export interface PlannedDelivery {
  kind: DeliveryKind;
  /** http kinds: where to POST. */
  url?: string;
  /** http kinds: the JSON body, fixed when planned so a retry sends the same bytes. */
  bodyJson?: string;
}

/** Runs inside the planner's transaction: read the database, do no I/O. */
export type DeliveryPlanner = (finished: FinishedPayment) => PlannedDelivery[];
