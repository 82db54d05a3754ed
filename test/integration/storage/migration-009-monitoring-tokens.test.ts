// Migration 9 (monitoring tokens): scrapers' bearer tokens, stored as a SHA-256 and a prefix. Its own
// file so the shared migrations.test.ts is not edited by every helper at once. The version is looked up
// from the ladder, so the test holds while the steps before it are still being added.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../app/storage/migrate.ts';
import { monitoringTokens } from '../../../app/storage/migrations/009-monitoring-tokens.ts';
import { MIGRATIONS } from '../../../app/storage/migrations/index.ts';

const VERSION = MIGRATIONS.indexOf(monitoringTokens) + 1;
const HASH = 'a'.repeat(64);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function databaseAt(version: number): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'kassabox-migrate-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'kassabox.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  return db;
}

function insertToken(
  db: Database.Database,
  values: { name?: string; hash?: string; userId?: number | null },
) {
  return db
    .prepare(
      `INSERT INTO monitoring_token (name, prefix, token_hash, created_by_user_id, created_at)
       VALUES (?, 'kbm_abcdef', ?, ?, 'n')`,
    )
    .run(values.name ?? 'prometheus', values.hash ?? HASH, values.userId ?? null);
}

describe('migration 9: monitoring tokens', () => {
  it('is on the ladder, and applies on the version before it with its user kept', () => {
    expect(VERSION).toBeGreaterThan(5);
    const db = databaseAt(VERSION - 1);
    db.exec(`
      INSERT INTO user (username, password_hash, password_changed_at, created_at, updated_at)
        VALUES ('admin', 'x', 'n', 'n', 'n');
    `);
    expect(migrate(db, VERSION)).toEqual([VERSION]);
    expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get('monitoring_token')).toEqual(
      {
        strict: 1,
      },
    );
    expect(db.prepare('SELECT username FROM user').all()).toEqual([{ username: 'admin' }]);
    db.close();
  });

  it('keeps hashes unique and 64 characters, names non-empty, and outlives its creator', () => {
    const db = databaseAt(VERSION);
    db.exec(`INSERT INTO user (username, password_hash, password_changed_at, created_at, updated_at)
      VALUES ('admin', 'x', 'n', 'n', 'n')`);
    insertToken(db, { userId: 1 });
    expect(() => insertToken(db, { name: 'twin' })).toThrow(/UNIQUE/);
    expect(() => insertToken(db, { hash: 'short' })).toThrow(/CHECK/);
    expect(() => insertToken(db, { name: '', hash: 'b'.repeat(64) })).toThrow(/CHECK/);
    expect(() => insertToken(db, { hash: 'c'.repeat(64), userId: 99 })).toThrow(/FOREIGN KEY/);
    db.exec('DELETE FROM user');
    expect(db.prepare('SELECT name, created_by_user_id FROM monitoring_token').all()).toEqual([
      { name: 'prometheus', created_by_user_id: null },
    ]);
    db.close();
  });
});
