// Version 6: the shift and FN lifecycle (issue 4, docs/api.md "Lifecycle"). The scheduler
// (app/lifecycle/lifecycle-scheduler.ts) only enqueues durable work here; a register's worker runs its
// tasks between receipts. A task that was running when the power went is found again at start.
import type { Migration } from './index.ts';

export const lifecycle: Migration = {
  name: 'lifecycle',
  sql: `
CREATE TABLE maintenance_task (
  id INTEGER PRIMARY KEY,
  -- 'status_poll', 'shift_close' (app/lifecycle/maintenance-kinds.ts); free text so a new kind needs no
  -- table rebuild.
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  -- Null for a task of the whole box.
  register_id INTEGER REFERENCES register (id) ON DELETE CASCADE,
  -- Why it was enqueued, e.g. 'close_time', 'max_age', 'expired' for a shift close.
  reason TEXT,
  due_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  -- What the run found, e.g. 'closed shift 12' or 'nothing to close'.
  outcome TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Enqueueing is idempotent: at most one unfinished task of a kind per register (or for the box).
CREATE UNIQUE INDEX maintenance_task_unfinished ON maintenance_task (kind, coalesce(register_id, 0))
  WHERE state IN ('pending', 'running');
CREATE INDEX maintenance_task_register_due ON maintenance_task (register_id, state, due_at);
CREATE INDEX maintenance_task_finished ON maintenance_task (state, updated_at);

-- Device clock minus box clock in seconds at the last status read (positive: the device is ahead).
-- Null until a read; the alerts read it (> 60 s is an alert).
ALTER TABLE register ADD COLUMN clock_drift_seconds INTEGER;
`,
};
