// Version 8: notifications of alerts (issue 4 "Alerts" → Notifications, docs/api.md "Notifications").
// A channel is one way to reach people (e-mail, Telegram, webhook, SMS) with its own quiet hours; its
// routes say which alert rules and severities it wants. An alert event that a channel wants becomes one
// `notification` row in the transaction that saw it, and a sender loop delivers the rows with retries and
// backoff, so a delivery survives a restart and its outcome stays in the log.
// `alert_id` carries no foreign key: a test message has none, and the log must outlive pruned alerts.
import type { Migration } from './index.ts';

export const notifications: Migration = {
  name: 'notifications',
  sql: `
CREATE TABLE notification_channel (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'telegram', 'webhook', 'sms')),
  name TEXT NOT NULL UNIQUE,
  config_json TEXT NOT NULL CHECK (json_valid(config_json)),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  quiet_start TEXT CHECK (quiet_start IS NULL OR quiet_start GLOB '[0-2][0-9]:[0-5][0-9]'),
  quiet_end TEXT CHECK (quiet_end IS NULL OR quiet_end GLOB '[0-2][0-9]:[0-5][0-9]'),
  quiet_timezone TEXT,
  critical_bypasses_quiet INTEGER NOT NULL DEFAULT 1 CHECK (critical_bypasses_quiet IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
) STRICT;

CREATE TABLE notification_route (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES notification_channel (id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  min_severity TEXT NOT NULL CHECK (min_severity IN ('warning', 'critical')),
  UNIQUE (channel_id, rule)
) STRICT;

CREATE TABLE notification (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES notification_channel (id) ON DELETE CASCADE,
  alert_id INTEGER,
  event_kind TEXT NOT NULL CHECK (event_kind IN ('raised', 'escalated', 'cleared', 'test')),
  alert_json TEXT NOT NULL CHECK (json_valid(alert_json)),
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_at TEXT NOT NULL,
  last_error TEXT,
  last_attempt_at TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
) STRICT;

CREATE INDEX notification_due ON notification (next_at) WHERE state = 'pending';
CREATE INDEX notification_of_channel ON notification (channel_id, last_attempt_at);
`,
};
