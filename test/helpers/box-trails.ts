// The event trails (`from→to` state changes of a fiscal job) that show how a payment went through, for
// the pipeline tests: sent at once, reconciled after an unknown outcome, or sent again.

export const SENT = ['→pending', 'pending→sending', 'sending→done'];

/** The outcome was unknown and the FN had the receipt. */
export const RECONCILED = ['→pending', 'pending→sending', 'sending→outcome_unknown', 'outcome_unknown→done'];

/** The outcome was unknown and the FN had nothing: sent once more. */
export const NOT_IN_FN_SENT_AGAIN = [
  '→pending',
  'pending→sending',
  'sending→outcome_unknown',
  'outcome_unknown→pending',
  'pending→sending',
  'sending→done',
];

/** The send failed with a known outcome (nothing fiscalized) and was retried. */
export const REFUSED_SENT_AGAIN = [
  '→pending',
  'pending→sending',
  'sending→pending',
  'pending→sending',
  'sending→done',
];

/** A job's events as read from GET /fiscal-jobs/:id, oldest first. */
export function trailOf(events: { from_state: string | null; to_state: string }[]): string[] {
  return events.map((event) => `${event.from_state ?? ''}→${event.to_state}`);
}
