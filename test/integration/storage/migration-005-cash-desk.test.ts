// Migration 5 (cash desk): the job's pinned register and one built-in desk source per organization.
// Its own file so the shared migrations.test.ts is not edited by every helper at once; same pattern.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../app/storage/migrate.ts';

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

describe('migration 5: cash desk (pinned register, desk source)', () => {
  it('applies on a version 4 database with a queued job, which stays unpinned', () => {
    const db = databaseAt(4);
    db.exec(`
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
      INSERT INTO source (organization_id, name, created_at, updated_at) VALUES (1, 'billing', 'n', 'n');
      INSERT INTO payment (source_id, external_id, account, amount_kopecks, method, paid_at, accepted_at)
        VALUES (1, 'e1', 'a', 100, 'cash', 'n', 'n');
      INSERT INTO fiscal_job (payment_id, organization_id, document_json, not_before, created_at, updated_at)
        VALUES (1, 1, '{}', 'n', 'n', 'n');
    `);
    expect(migrate(db, 5)).toEqual([5]);
    expect(db.prepare('SELECT state, pinned_register_id FROM fiscal_job').get()).toEqual({
      state: 'pending',
      pinned_register_id: null,
    });
    db.close();
  });

  it('pins only to a register that exists, and keeps one desk source per organization', () => {
    const db = databaseAt(5);
    db.exec(`
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
      INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('p', '7707083893', 'osn', 'n', 'n');
      INSERT INTO register (organization_id, name, driver, host, port, created_at, updated_at) VALUES (1, 'r', 'shtrih', 'h', 7778, 'n', 'n');
      INSERT INTO source (organization_id, name, kind, created_at, updated_at) VALUES (1, 'desk o', 'cash_desk', 'n', 'n');
      INSERT INTO source (organization_id, name, kind, created_at, updated_at) VALUES (2, 'desk p', 'cash_desk', 'n', 'n');
      INSERT INTO source (organization_id, name, created_at, updated_at) VALUES (1, 'billing 1', 'n', 'n');
      INSERT INTO source (organization_id, name, created_at, updated_at) VALUES (1, 'billing 2', 'n', 'n');
      INSERT INTO payment (source_id, external_id, account, amount_kopecks, method, paid_at, accepted_at)
        VALUES (1, 'desk-1', 'a', 100, 'cash', 'n', 'n');
    `);
    expect(() =>
      db.exec(
        `INSERT INTO source (organization_id, name, kind, created_at, updated_at) VALUES (1, 'desk 2', 'cash_desk', 'n', 'n')`,
      ),
    ).toThrow(/UNIQUE/);
    const job = db.prepare(
      `INSERT INTO fiscal_job (payment_id, organization_id, document_json, pinned_register_id, not_before, created_at, updated_at)
       VALUES (1, 1, '{}', ?, 'n', 'n', 'n')`,
    );
    expect(() => job.run(99)).toThrow(/FOREIGN KEY/);
    job.run(1);
    expect(() => db.exec('DELETE FROM register WHERE id = 1')).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
