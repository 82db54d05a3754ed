// One user_version ladder (STYLE: Signal-Desktop): each step runs in its own transaction, and a
// database written by a newer KassaBox is refused instead of being misread.
import type Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.ts';

export class DatabaseTooNewError extends Error {
  constructor(found: number, supported: number) {
    super(
      `The database is at schema version ${found}, but this KassaBox understands versions up to ${supported}. ` +
        'Install the newer KassaBox again or restore a backup made by this version.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema to `target` (default: the latest). Returns the versions applied. */
export function migrate(db: Database.Database, target = LATEST_SCHEMA_VERSION): number[] {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) throw new DatabaseTooNewError(current, LATEST_SCHEMA_VERSION);
  const applied: number[] = [];
  for (let version = current + 1; version <= target; version++) {
    const step = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${version}`);
    })();
    applied.push(version);
  }
  return applied;
}
