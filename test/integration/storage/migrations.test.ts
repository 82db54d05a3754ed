// The user_version ladder (STYLE: Signal-Desktop): one test per migration, on real SQLite files.
// A new migration gets its own `describe` below.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../app/storage/database.ts';
import {
  DatabaseTooNewError,
  LATEST_SCHEMA_VERSION,
  migrate,
  schemaVersion,
} from '../../../app/storage/migrate.ts';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kassabox-migrate-'));
  dirs.push(dir);
  return join(dir, 'kassabox.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

function isStrict(db: Database.Database, table: string): boolean {
  const row = db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(table) as {
    strict: number;
  };
  return row.strict === 1;
}

describe('the ladder', () => {
  it('brings a new database to the latest version', () => {
    const db = openDatabase(tempFile());
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer KassaBox and leaves it untouched', () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/understands versions up to/);
    const again = new Database(file);
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION + 1);
    again.close();
  });

  it('does nothing when opened again at the latest version', () => {
    const file = tempFile();
    openDatabase(file).close();
    const db = new Database(file);
    expect(migrate(db)).toEqual([]);
    db.close();
  });
});

describe('migration 1: core (payments, fiscal jobs, receipts, shifts)', () => {
  it('creates the pipeline tables, all STRICT, on an empty database', () => {
    const db = new Database(tempFile());
    expect(migrate(db, 1)).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    const core = [
      'fiscal_job',
      'fiscal_job_event',
      'organization',
      'payment',
      'receipt',
      'register',
      'shift',
      'source',
    ];
    expect(tables(db)).toEqual(core);
    for (const table of core) expect(isStrict(db, table), table).toBe(true);
    db.close();
  });

  it('enforces money in integer kopecks and one payment per (source, external_id)', () => {
    const db = new Database(tempFile());
    db.pragma('foreign_keys = ON');
    migrate(db, 1);
    db.prepare(
      `INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('ООО', '7707083893', 'osn', 'now', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO source (organization_id, name, created_at, updated_at) VALUES (1, 'b', 'now', 'now')`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO payment (source_id, external_id, account, amount_kopecks, method, paid_at, accepted_at)
       VALUES (1, ?, 'acc', ?, 'cash', 'now', 'now')`,
    );
    insert.run('a', 100);
    expect(() => insert.run('a', 100)).toThrow(/UNIQUE/);
    expect(() => insert.run('b', 1.5)).toThrow(/cannot store REAL value in INTEGER column/);
    expect(() => insert.run('c', 0)).toThrow(/CHECK/);
    db.close();
  });

  it('keeps the receipt table append-only', () => {
    const db = new Database(tempFile());
    migrate(db, 1);
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      .pluck()
      .all();
    expect(triggers).toEqual(['receipt_no_delete', 'receipt_no_update']);
    db.close();
  });
});

describe('migration 2: access (user, session, api_token, audit)', () => {
  it('applies on a version 1 database that already holds data', () => {
    const db = new Database(tempFile());
    db.pragma('foreign_keys = ON');
    expect(migrate(db, 1)).toEqual([1]);
    db.prepare(
      `INSERT INTO organization (name, inn, tax_system, created_at, updated_at)
       VALUES ('ООО Связь', '7707083893', 'osn', 'now', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO source (organization_id, name, created_at, updated_at) VALUES (1, 'billing', 'now', 'now')`,
    ).run();

    expect(migrate(db)).toContain(2);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(2);
    for (const table of ['user', 'session', 'api_token', 'audit']) {
      expect(tables(db)).toContain(table);
      expect(isStrict(db, table)).toBe(true);
    }
    expect(db.prepare('SELECT name FROM source').get()).toEqual({ name: 'billing' });
    db.close();
  });

  it('enforces roles, unique case-insensitive usernames and token hashes', () => {
    const db = openDatabase(tempFile());
    const addUser = db.prepare(
      `INSERT INTO user (username, role, password_hash, password_changed_at, created_at, updated_at)
       VALUES (?, ?, 'h', 'now', 'now', 'now')`,
    );
    addUser.run('admin', 'admin');
    expect(() => addUser.run('ADMIN', 'admin')).toThrow(/UNIQUE/);
    expect(() => addUser.run('boss', 'owner')).toThrow(/CHECK/);
    expect(db.prepare("SELECT role FROM user WHERE username = 'Admin'").get()).toEqual({ role: 'admin' });
    db.close();
  });

  it('removes the tokens of a removed source and keeps the audit trail append-only', () => {
    const db = openDatabase(tempFile());
    db.exec(`
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
      INSERT INTO source (organization_id, name, created_at, updated_at) VALUES (1, 's', 'n', 'n');
      INSERT INTO api_token (source_id, name, prefix, token_hash, created_at)
        VALUES (1, 't', 'kbx_abcdef', '${'a'.repeat(64)}', 'n');
      INSERT INTO audit (at, actor_kind, action, entity) VALUES ('n', 'system', 'test', 'x');
    `);
    db.exec('DELETE FROM source WHERE id = 1');
    expect(db.prepare('SELECT count(*) AS n FROM api_token').get()).toEqual({ n: 0 });
    expect(() => db.exec("UPDATE audit SET action = 'forged'")).toThrow(/append-only/);
    db.close();
  });
});

describe('migration 3: people (display name, PIN, cashier registers)', () => {
  it('applies on a version 2 database with a user and a register, keeping them', () => {
    const db = new Database(tempFile());
    db.pragma('foreign_keys = ON');
    expect(migrate(db, 2)).toEqual([1, 2]);
    db.exec(`
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
      INSERT INTO register (organization_id, name, driver, host, port, created_at, updated_at) VALUES (1, 'r', 'shtrih', 'h', 7778, 'n', 'n');
      INSERT INTO user (username, role, password_hash, password_changed_at, created_at, updated_at)
        VALUES ('admin', 'admin', 'h', 'n', 'n', 'n');
    `);
    expect(migrate(db, 3)).toEqual([3]);
    expect(db.prepare('SELECT username, display_name, pin_hash FROM user').get()).toEqual({
      username: 'admin',
      display_name: null,
      pin_hash: null,
    });
    expect(isStrict(db, 'user_register')).toBe(true);
    db.close();
  });

  it('drops a cashier’s assignments with the user or the register, and refuses unknown ones', () => {
    const db = openDatabase(tempFile());
    db.exec(`
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
      INSERT INTO register (organization_id, name, driver, host, port, created_at, updated_at) VALUES (1, 'r1', 'shtrih', 'h', 7778, 'n', 'n');
      INSERT INTO register (organization_id, name, driver, host, port, created_at, updated_at) VALUES (1, 'r2', 'shtrih', 'h', 7778, 'n', 'n');
      INSERT INTO user (username, role, password_hash, password_changed_at, created_at, updated_at)
        VALUES ('kate', 'cashier', 'h', 'n', 'n', 'n');
      INSERT INTO user (username, role, password_hash, password_changed_at, created_at, updated_at)
        VALUES ('olga', 'cashier', 'h', 'n', 'n', 'n');
      INSERT INTO user_register (user_id, register_id) VALUES (1, 1), (1, 2), (2, 2);
    `);
    const count = () => db.prepare('SELECT count(*) FROM user_register').pluck().get();
    expect(() => db.exec('INSERT INTO user_register (user_id, register_id) VALUES (1, 1)')).toThrow(
      /UNIQUE|PRIMARY/,
    );
    expect(() => db.exec('INSERT INTO user_register (user_id, register_id) VALUES (1, 99)')).toThrow(
      /FOREIGN KEY/,
    );
    db.exec('DELETE FROM register WHERE id = 1');
    expect(count()).toBe(2);
    db.exec('DELETE FROM user WHERE id = 2');
    expect(count()).toBe(1);
    expect(() => db.exec("UPDATE user SET display_name = '' WHERE id = 1")).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 4: operations (settings, register status samples)', () => {
  it('applies on a version 3 database with a register and its receipts history', () => {
    const db = new Database(tempFile());
    db.pragma('foreign_keys = ON');
    expect(migrate(db, 3)).toEqual([1, 2, 3]);
    db.exec(`
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
      INSERT INTO register (organization_id, name, driver, host, port, created_at, updated_at)
        VALUES (1, 'ККТ-1', 'shtrih', '10.0.0.5', 7778, 'n', 'n');
    `);
    expect(migrate(db, 4)).toEqual([4]);
    for (const table of ['setting', 'register_status_sample']) {
      expect(tables(db)).toContain(table);
      expect(isStrict(db, table)).toBe(true);
    }
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'register_status_sample_register_at',
        'receipt_fiscalized_at',
        'payment_amount',
      ]),
    );
    db.close();
  });

  it('keeps setting values valid JSON and samples within their ranges, and drops samples with their register', () => {
    const db = openDatabase(tempFile());
    expect(() =>
      db.exec("INSERT INTO setting (key, value_json, updated_at) VALUES ('k', 'not json', 'n')"),
    ).toThrow(/CHECK/);
    db.exec(`
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
      INSERT INTO register (organization_id, name, driver, host, port, created_at, updated_at)
        VALUES (1, 'ККТ-1', 'shtrih', '10.0.0.5', 7778, 'n', 'n');
    `);
    const sample = db.prepare(
      `INSERT INTO register_status_sample (register_id, at, fn_number, last_fd_number, free_documents, fill_percent, ofd_unsent_count)
       VALUES (1, 'n', '9999078900012345', 10, 990, ?, 0)`,
    );
    sample.run(1.0);
    sample.run(null);
    expect(() => sample.run(100.5)).toThrow(/CHECK/);
    db.exec('DELETE FROM register WHERE id = 1');
    expect(db.prepare('SELECT count(*) FROM register_status_sample').pluck().get()).toBe(0);
    db.close();
  });
});
