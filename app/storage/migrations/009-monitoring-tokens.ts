// Version 9: monitoring tokens (issue 4 "Prometheus", docs/api.md "Monitoring tokens"). A scraper
// (Prometheus, an exporter in Zabbix) reads GET /metrics with a bearer token of its own: it belongs to no
// source and no person, and may read nothing else. As with api_token, only the SHA-256 of the token and a
// short prefix are stored; a revoked token keeps its row so lists and the audit trail still name it.
import type { Migration } from './index.ts';

export const monitoringTokens: Migration = {
  name: 'monitoring-tokens',
  sql: `
CREATE TABLE monitoring_token (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  prefix TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_by_user_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
) STRICT;
`,
};
