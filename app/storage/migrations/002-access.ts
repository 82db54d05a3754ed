// Version 2: who may do what (issue 2 "HTTP API", product rules): people with scrypt-hashed passwords
// and revocable sessions, sources with revocable API tokens, and an audit trail of every change.
// Secrets are never stored: a session row is keyed by the SHA-256 of its cookie token and an API token
// row keeps only the SHA-256 of the token and a short prefix for the operator to recognise it.
// Same conventions as 001: STRICT tables, instants as ISO-8601 UTC text.
import type { Migration } from './index.ts';

export const access: Migration = {
  name: 'access',
  sql: `
CREATE TABLE user (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
  role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'technician', 'cashier', 'viewer')),
  -- PHC-style string that carries the scrypt parameters and the salt (app/auth/password-hash.ts),
  -- so the parameters can be raised later and old hashes still verify.
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  last_login_at TEXT,
  password_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE session (
  -- SHA-256 (hex) of the random token in the kassabox_session cookie: a copy of the database does not
  -- let anyone log in.
  id TEXT PRIMARY KEY CHECK (length(id) = 64),
  user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  user_agent TEXT,
  ip TEXT
) STRICT;

CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
  id INTEGER PRIMARY KEY,
  -- A token acts for exactly one source; removing the source removes its tokens (the audit keeps them).
  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- The first characters of the token, shown in lists so an operator can tell tokens apart.
  prefix TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_by_user_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
) STRICT;

CREATE INDEX api_token_source ON api_token (source_id);

-- Who changed what. Actor columns are copies, not references: the trail outlives the user or token.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'source', 'system', 'anonymous')),
  actor_id INTEGER,
  actor_name TEXT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  -- JSON of the entity before and after the change, secrets masked (app/audit/audit-log.ts).
  before_json TEXT,
  after_json TEXT,
  ip TEXT
) STRICT;

CREATE INDEX audit_entity ON audit (entity, entity_id);
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`,
};
