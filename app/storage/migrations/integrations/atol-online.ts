// ATOL Online v4-compatible endpoints (issue 5 "Registrar mode"): a group code is a source (and so an
// organization); its login and password get 24-hour tokens; each document keeps its uuid, the request
// as sent and its callback URL.
export const atolOnlineTables = `
CREATE TABLE atol_group (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL UNIQUE REFERENCES source (id),
  group_code TEXT NOT NULL UNIQUE CHECK (length(group_code) BETWEEN 1 AND 64),
  login TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),
  -- scrypt, as users' passwords (app/auth/password-hash.ts).
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE atol_token (
  -- SHA-256 (hex) of the token handed out by getToken.
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  atol_group_id INTEGER NOT NULL REFERENCES atol_group (id) ON DELETE CASCADE,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;

CREATE TABLE atol_document (
  uuid TEXT PRIMARY KEY,
  atol_group_id INTEGER NOT NULL REFERENCES atol_group (id),
  operation TEXT NOT NULL
    CHECK (operation IN ('sell', 'sell_refund', 'sell_correction', 'buy', 'buy_refund', 'buy_correction')),
  external_id TEXT NOT NULL,
  payment_id INTEGER NOT NULL UNIQUE REFERENCES payment (id),
  request_json TEXT NOT NULL,
  callback_url TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (atol_group_id, external_id)
) STRICT;
`;
