// Version 1: the exactly-once pipeline (ARCHITECTURE §3, §6).
// Conventions: STRICT tables; money in integer kopecks (`*_kopecks`); instants as ISO-8601 UTC text
// (`*_at`, e.g. 2026-11-22T21:18:01.000Z); the device's local wall time only where the FN itself speaks
// in it (`device_time`), always next to its UTC instant.
import type { Migration } from './index.ts';

export const core: Migration = {
  name: 'core',
  sql: `
CREATE TABLE organization (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  inn TEXT NOT NULL CHECK (length(inn) IN (10, 12) AND inn NOT GLOB '*[^0-9]*'),
  tax_system TEXT NOT NULL
    CHECK (tax_system IN ('osn', 'usn_income', 'usn_income_outcome', 'envd', 'esn', 'patent')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE register (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organization (id),
  name TEXT NOT NULL UNIQUE,
  driver TEXT NOT NULL CHECK (driver IN ('shtrih')),
  host TEXT NOT NULL,
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  -- Shtrih lower level: v1 standard (STX/LRC), v2 alternative (packet numbers make retries idempotent).
  protocol TEXT NOT NULL DEFAULT 'v1' CHECK (protocol IN ('v1', 'v2')),
  password INTEGER NOT NULL DEFAULT 30,
  -- IANA zone of the device's clock: the FN keeps local time, the box stores UTC.
  timezone TEXT NOT NULL DEFAULT 'Europe/Moscow',
  electronic_only INTEGER NOT NULL DEFAULT 0 CHECK (electronic_only IN (0, 1)),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  cashier_name TEXT NOT NULL DEFAULT 'Кассир',
  cashier_inn TEXT,
  -- Last status read from the device, as JSON, and when it was read.
  status_json TEXT,
  status_at TEXT,
  online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE source (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organization (id),
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'cash_desk')),
  item_name TEXT NOT NULL DEFAULT 'Оплата услуг связи' CHECK (length(item_name) BETWEEN 1 AND 128),
  payment_method TEXT NOT NULL DEFAULT 'advance'
    CHECK (payment_method IN ('full_prepayment', 'prepayment', 'advance', 'full_payment')),
  payment_object TEXT NOT NULL DEFAULT 'service'
    CHECK (payment_object IN ('commodity', 'service', 'payment', 'another')),
  vat TEXT NOT NULL DEFAULT 'none'
    CHECK (vat IN ('vat20', 'vat10', 'vat120', 'vat110', 'vat0', 'none', 'vat5', 'vat7', 'vat105', 'vat107')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE payment (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source (id),
  external_id TEXT NOT NULL CHECK (length(external_id) BETWEEN 1 AND 128),
  account TEXT NOT NULL CHECK (length(account) BETWEEN 1 AND 64),
  amount_kopecks INTEGER NOT NULL CHECK (amount_kopecks > 0),
  method TEXT NOT NULL CHECK (method IN ('cash', 'electronic')),
  customer_contact TEXT,
  paid_at TEXT NOT NULL,
  accepted_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'fiscalized', 'failed')),
  UNIQUE (source_id, external_id)
) STRICT;

CREATE INDEX payment_account ON payment (account);
CREATE INDEX payment_paid_at ON payment (paid_at);

-- One fiscal job per payment: a retry or a requeue moves the same job, so one payment can never own two.
CREATE TABLE fiscal_job (
  id INTEGER PRIMARY KEY,
  payment_id INTEGER NOT NULL UNIQUE REFERENCES payment (id),
  organization_id INTEGER NOT NULL REFERENCES organization (id),
  -- The register the job is bound to. Set when first sent; once a send's outcome is unknown the job
  -- stays on that register until reconciled against that register's FN.
  register_id INTEGER REFERENCES register (id),
  document_json TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'done', 'outcome_unknown', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- The FN's last document number and serial, read and stored before the receipt was sent.
  fn_number_before TEXT,
  last_fd_before INTEGER,
  -- The device clock at that moment (local wall time): a reconciled FD must not be older than this.
  device_clock_before TEXT,
  last_error_code TEXT,
  last_error TEXT,
  -- Registers whose FN refused this job for a reason of their own (FN expired or full, OFD block): JSON
  -- array of ids. They do not take it again; the job fails only when every register of the organization did.
  refused_by TEXT NOT NULL DEFAULT '[]',
  not_before TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX fiscal_job_state ON fiscal_job (state, not_before);

-- Every state change of a job, for the technician who asks "what happened to this payment?".
CREATE TABLE fiscal_job_event (
  id INTEGER PRIMARY KEY,
  fiscal_job_id INTEGER NOT NULL REFERENCES fiscal_job (id),
  at TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  detail TEXT
) STRICT;

CREATE INDEX fiscal_job_event_job ON fiscal_job_event (fiscal_job_id);

CREATE TABLE shift (
  id INTEGER PRIMARY KEY,
  register_id INTEGER NOT NULL REFERENCES register (id),
  fn_number TEXT NOT NULL,
  number INTEGER NOT NULL,
  opened_at TEXT,
  open_fd_number INTEGER,
  closed_at TEXT,
  close_fd_number INTEGER,
  UNIQUE (register_id, fn_number, number)
) STRICT;

-- The receipt journal: append-only (triggers below) and hash-chained. hash = SHA-256 over a canonical
-- encoding of the row and prev_hash (app/journal/journal-hash.ts), so an edit or a removed row breaks
-- the chain that is verified at start and by GET /api/v1/journal/verify.
CREATE TABLE receipt (
  id INTEGER PRIMARY KEY,
  fiscal_job_id INTEGER NOT NULL UNIQUE REFERENCES fiscal_job (id),
  payment_id INTEGER NOT NULL UNIQUE REFERENCES payment (id),
  register_id INTEGER NOT NULL REFERENCES register (id),
  fn_number TEXT NOT NULL,
  fd_number INTEGER NOT NULL,
  fiscal_sign TEXT NOT NULL,
  shift_number INTEGER,
  operation TEXT NOT NULL,
  total_kopecks INTEGER NOT NULL,
  device_time TEXT NOT NULL,
  fiscalized_at TEXT NOT NULL,
  qr TEXT NOT NULL,
  resolution TEXT NOT NULL CHECK (resolution IN ('device', 'reconciled', 'manual')),
  created_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  UNIQUE (fn_number, fd_number)
) STRICT;

CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt
BEGIN SELECT RAISE(ABORT, 'receipt journal is append-only'); END;

CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN SELECT RAISE(ABORT, 'receipt journal is append-only'); END;
`,
};
