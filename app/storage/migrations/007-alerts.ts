// Version 7: alerts (issue 4 "Alerts", docs/api.md "Alerts"). `alert` holds one row per raised alert;
// while its condition holds it is active, and the partial unique index keeps at most one active row per
// rule and subject (the evaluator may run from the timer and a change event at once; the second raise
// must fail rather than make a twin). A cleared alert keeps its row, and `alert_event` keeps every step
// (raised, updated, cleared, acknowledged) with who did it, so the history survives.
import type { Migration } from './index.ts';

export const alerts: Migration = {
  name: 'alerts',
  sql: `
CREATE TABLE alert (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- No foreign key: a register may be removed while its alerts stay in the history.
  register_id INTEGER,
  severity TEXT NOT NULL CHECK (severity IN ('warning', 'critical')),
  message TEXT NOT NULL,
  value REAL,
  state TEXT NOT NULL CHECK (state IN ('active', 'cleared')),
  raised_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  cleared_at TEXT,
  acknowledged_at TEXT,
  acknowledged_by TEXT
);

CREATE UNIQUE INDEX alert_active_per_rule_subject ON alert (rule, subject) WHERE state = 'active';
CREATE INDEX alert_register ON alert (register_id, id);

CREATE TABLE alert_event (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alert (id),
  kind TEXT NOT NULL CHECK (kind IN ('raised', 'updated', 'cleared', 'acknowledged')),
  at TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  value REAL,
  by TEXT,
  comment TEXT
);

CREATE INDEX alert_event_of_alert ON alert_event (alert_id, id);

-- The "no receipts for X days" rule asks each register's last receipt every 30 s.
CREATE INDEX receipt_register_fiscalized_at ON receipt (register_id, fiscalized_at);
`,
};
