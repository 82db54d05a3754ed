// How the box reaches a billing (drivers/billing/<kind>.ts): the billing's own QIWI-provider endpoint
// (osmp), the ABillS REST API, LANBilling SOAP, or the billing's SQL database. Channels use it to
// find the account and post the payment; pollers use it to list new payments and mark them fiscalized.
export const billingTables = `
CREATE TABLE billing_connection (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  kind TEXT NOT NULL CHECK (kind IN ('osmp', 'abills', 'lanbilling', 'sql')),
  -- Everything but secrets, as JSON checked by the kind's settings schema (URL, templates, mappings).
  settings_json TEXT NOT NULL DEFAULT '{}',
  -- Passwords and keys the box must present to the billing, as JSON. The box has to send them, so they
  -- cannot be hashed: the API never returns them and the audit masks them.
  secrets_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Registrar mode: pull new payments from a billing into a source, each poller keeping its cursor.
CREATE TABLE billing_poller (
  id INTEGER PRIMARY KEY,
  -- A source removed (only possible before it has payments) takes its poller with it.
  source_id INTEGER NOT NULL UNIQUE REFERENCES source (id) ON DELETE CASCADE,
  billing_connection_id INTEGER NOT NULL REFERENCES billing_connection (id),
  interval_seconds INTEGER NOT NULL DEFAULT 60 CHECK (interval_seconds BETWEEN 10 AND 86400),
  -- Which payments to take (e.g. payment methods), as JSON checked by the kind's filter schema.
  filter_json TEXT NOT NULL DEFAULT '{}',
  -- Where the last poll stopped, opaque to the app (the adapter's last id or time). NULL: not yet.
  cursor TEXT,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  last_run_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;
