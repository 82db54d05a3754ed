// Results going back to where payments came from (issue 5 "Results go back"): a signed callback, a
// mark in the billing, an ATOL Online callback. Planned from the pipeline's own job events (cursor in
// result_cursor), delivered from a durable queue with backoff.
export const resultTables = `
CREATE TABLE source_result_target (
  source_id INTEGER PRIMARY KEY REFERENCES source (id) ON DELETE CASCADE,
  -- POST the result here, signed with HMAC-SHA256 of the body under callback_secret.
  callback_url TEXT,
  callback_secret TEXT,
  -- Mark the payment fiscalized in the billing through the source's poller's connection.
  mark_in_billing INTEGER NOT NULL DEFAULT 0 CHECK (mark_in_billing IN (0, 1)),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE result_delivery (
  id INTEGER PRIMARY KEY,
  payment_id INTEGER NOT NULL REFERENCES payment (id),
  kind TEXT NOT NULL CHECK (kind IN ('callback', 'billing_mark', 'atol_callback')),
  -- The job's outcome this delivery reports: a failed job later requeued and done reports twice.
  outcome TEXT NOT NULL CHECK (outcome IN ('done', 'failed')),
  url TEXT,
  body_json TEXT,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before TEXT NOT NULL,
  last_error TEXT,
  delivered_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (payment_id, kind, outcome)
) STRICT;

CREATE INDEX result_delivery_due ON result_delivery (state, not_before);

-- The last fiscal_job_event the planner has seen (one row).
CREATE TABLE result_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
) STRICT;
`;
