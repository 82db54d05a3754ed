// Translator mode (issue 5): a payment channel (OSMP/QIWI provider protocol, Sberbank protocol №1)
// notifies the box at /channel/<slug>; every notification is stored first, under (channel, txn_id),
// then checked and posted to the billing and fiscalized.
export const channelTables = `
CREATE TABLE channel (
  id INTEGER PRIMARY KEY,
  -- The channel's payments and receipts belong to this source (and its organization rules).
  source_id INTEGER NOT NULL UNIQUE REFERENCES source (id),
  slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*'),
  protocol TEXT NOT NULL CHECK (protocol IN ('osmp', 'sberbank')),
  -- Where accounts are checked and payments posted; NULL: receipts only, no billing.
  billing_connection_id INTEGER REFERENCES billing_connection (id),
  -- Protocol settings as JSON: code table, parameter case, amount limits, account pattern, deadline.
  settings_json TEXT NOT NULL DEFAULT '{}',
  -- Who may call: CIDR list (JSON; empty = any address), Basic auth, a shared secret.
  allowed_ips_json TEXT NOT NULL DEFAULT '[]',
  basic_username TEXT,
  basic_password_hash TEXT,
  secret_hash TEXT,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE channel_txn (
  -- Our id of the transaction: OSMP prv_txn, Sberbank EXT_ID.
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES channel (id),
  txn_id TEXT NOT NULL,
  account TEXT NOT NULL,
  amount_kopecks INTEGER NOT NULL CHECK (amount_kopecks > 0),
  -- The channel's own date as sent, and the instant it means.
  txn_date TEXT,
  paid_at TEXT NOT NULL,
  -- received: stored, billing post pending; posted: the billing has it; rejected: the billing refused it
  -- for good (a person decides; the receipt stands, the money was taken).
  billing_state TEXT NOT NULL CHECK (billing_state IN ('received', 'posted', 'rejected', 'not_needed')),
  billing_payment_id TEXT,
  -- The box payment (and its receipt); NULL while the billing is asked, and for good when the billing
  -- refused the payment before the channel was answered (the money was not taken: no receipt).
  payment_id INTEGER UNIQUE REFERENCES payment (id),
  -- The outcome the channel was answered when it was refused (channel-outcomes.ts), so a repeat
  -- gets the same answer.
  refusal TEXT,
  -- 1 from just before a billing post is sent until its answer is stored: a post whose answer was
  -- lost (or a crash) is resolved with getPayment before it is sent again.
  post_in_doubt INTEGER NOT NULL DEFAULT 0 CHECK (post_in_doubt IN (0, 1)),
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (channel_id, txn_id)
) STRICT;

CREATE INDEX channel_txn_due ON channel_txn (billing_state, not_before);
`;
