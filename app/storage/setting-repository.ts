// All SQL about box settings (migration 004): one JSON value per key. Defaults and validation belong to
// app/settings/settings-service.ts.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export class SettingRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /** Every stored key with its parsed value. */
  all(): Map<string, unknown> {
    const rows = this.sql.prepare('SELECT key, value_json AS valueJson FROM setting').all() as {
      key: string;
      valueJson: string;
    }[];
    return new Map(rows.map((row) => [row.key, JSON.parse(row.valueJson) as unknown]));
  }

  set(key: string, value: unknown, at: string): void {
    this.sql
      .prepare(
        `INSERT INTO setting (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), at);
  }
}
