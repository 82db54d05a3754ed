// Version 4: what the technician's screens read (issue 3, docs/api.md "Operations"): box
// settings, a thinned history of each register's FN and OFD state for the charts, and indexes for the
// statistics and the payment search. Same conventions as 001: STRICT tables, instants as ISO-8601 UTC.
import type { Migration } from './index.ts';

export const operations: Migration = {
  name: 'operations',
  sql: `
-- Box-wide settings (box_name, timezone …), one JSON value per key; absent keys take their defaults
-- (app/settings/settings-service.ts), so a new setting needs no migration.
CREATE TABLE setting (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
  value_json TEXT NOT NULL CHECK (json_valid(value_json)),
  updated_at TEXT NOT NULL
) STRICT;

-- A register's FN and OFD state as the worker read it, at most one row per register every 10 minutes
-- (app/registers/register-status-recorder.ts): enough for the FN fill chart, small on an SD card.
CREATE TABLE register_status_sample (
  id INTEGER PRIMARY KEY,
  register_id INTEGER NOT NULL REFERENCES register (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  fn_number TEXT NOT NULL,
  last_fd_number INTEGER NOT NULL CHECK (last_fd_number >= 0),
  free_documents INTEGER CHECK (free_documents >= 0),
  -- Used share of the FN archive in percent, null when the device does not report free documents.
  fill_percent REAL CHECK (fill_percent BETWEEN 0 AND 100),
  ofd_unsent_count INTEGER NOT NULL CHECK (ofd_unsent_count >= 0)
) STRICT;

CREATE INDEX register_status_sample_register_at ON register_status_sample (register_id, at);

-- Receipts per day and "today" on the dashboard read receipts by their instant.
CREATE INDEX receipt_fiscalized_at ON receipt (fiscalized_at);

-- The payment search filters by these alone too (the UNIQUE index leads with source_id).
CREATE INDEX payment_external_id ON payment (external_id);
CREATE INDEX payment_amount ON payment (amount_kopecks);
`,
};
