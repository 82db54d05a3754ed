// Migration 7 (alerts): applies over the lifecycle's version 6 with receipts in place, keeps one active
// alert per rule and subject while any number of cleared ones stay, and adds the last-receipt index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../app/storage/migrate.ts';
import { MIGRATIONS } from '../../../app/storage/migrations/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const VERSION = MIGRATIONS.findIndex((m) => m.name === 'alerts') + 1;

function databaseAt(version: number): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'kassabox-migrate-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'kassabox.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  return db;
}

function insertAlert(db: Database.Database, state: 'active' | 'cleared', subject = 'register:1') {
  return db
    .prepare(
      `INSERT INTO alert (rule, subject, register_id, severity, message, state, raised_at, updated_at)
       VALUES ('paper_out', ?, 1, 'critical', 'Нет бумаги', ?, 'n', 'n')`,
    )
    .run(subject, state);
}

describe('migration 7: alerts', () => {
  it('is the seventh step', () => {
    expect(VERSION).toBe(7);
  });

  it('applies on a version 6 database and keeps one active alert per rule and subject', () => {
    const db = databaseAt(VERSION - 1);
    expect(migrate(db, VERSION)).toEqual([VERSION]);
    insertAlert(db, 'cleared');
    insertAlert(db, 'cleared');
    const { lastInsertRowid } = insertAlert(db, 'active');
    expect(() => insertAlert(db, 'active')).toThrow(/UNIQUE/);
    // Another register's paper is another alert.
    insertAlert(db, 'active', 'register:2');
    db.prepare(
      `INSERT INTO alert_event (alert_id, kind, at, severity, message, by, comment)
       VALUES (?, 'acknowledged', 'n', 'critical', 'Нет бумаги', 'admin', 'везу')`,
    ).run(lastInsertRowid);
    expect(() =>
      db
        .prepare(
          `INSERT INTO alert_event (alert_id, kind, at, severity, message) VALUES (?, 'snoozed', 'n', 'warning', 'x')`,
        )
        .run(lastInsertRowid),
    ).toThrow(/CHECK/);
    expect(() => insertAlert(db, 'gone' as 'active', 'box')).toThrow(/CHECK/);
    db.close();
  });

  it('answers the last receipt of a register from an index', () => {
    const db = databaseAt(VERSION);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT max(fiscalized_at) FROM receipt WHERE register_id = ?`)
      .all(1) as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('receipt_register_fiscalized_at');
    db.close();
  });
});
