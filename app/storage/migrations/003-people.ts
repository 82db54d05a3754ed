// Version 3: people at the box (issue 3 "Access"): a name to show, an optional PIN for cashiers, and
// the registers a cashier may work on. The PIN is hashed like a password (app/auth/password-hash.ts).
// An assignment goes with its user or its register: nobody is left assigned to a register that is gone.
import type { Migration } from './index.ts';

export const people: Migration = {
  name: 'people',
  sql: `
ALTER TABLE user ADD COLUMN display_name TEXT
  CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 128);
ALTER TABLE user ADD COLUMN pin_hash TEXT;

CREATE TABLE user_register (
  user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  register_id INTEGER NOT NULL REFERENCES register (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, register_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX user_register_register ON user_register (register_id);
`,
};
