// Migration 6 (lifecycle): maintenance_task with at most one unfinished task of a kind per register, and
// the register's clock drift. Its own file, as migration-005-cash-desk.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MaintenanceTaskRepository } from '../../../app/storage/maintenance-task-repository.ts';
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

const REGISTER = `
  INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('o', '7707083893', 'osn', 'n', 'n');
  INSERT INTO register (organization_id, name, driver, host, port, created_at, updated_at) VALUES (1, 'r', 'shtrih', 'h', 7778, 'n', 'n');
`;

describe('migration 6: lifecycle (maintenance tasks, clock drift)', () => {
  it('applies on a version 5 database with a register, whose drift is unknown', () => {
    const db = databaseAt(5);
    db.exec(REGISTER);
    expect(migrate(db, 6)).toEqual([6]);
    expect(db.prepare('SELECT clock_drift_seconds AS drift FROM register').get()).toEqual({ drift: null });
    const strict = db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'maintenance_task'").get();
    expect(strict).toEqual({ strict: 1 });
    db.close();
  });

  it('keeps one unfinished task of a kind per register; a finished one does not count', () => {
    const db = databaseAt(6);
    db.exec(REGISTER);
    const tasks = new MaintenanceTaskRepository(db);
    const poll = {
      kind: 'status_poll' as const,
      registerId: 1,
      reason: 'interval',
      dueAt: '2026-11-22T10:00:00.000Z',
    };
    expect(tasks.enqueue(poll)).toBe(true);
    expect(tasks.enqueue(poll)).toBe(false);
    expect(tasks.enqueue({ ...poll, kind: 'shift_close', reason: 'close_time' })).toBe(true);

    const task = tasks.nextDue(1, '2026-11-22T10:00:00.000Z')!;
    expect(task.kind, 'a shift close before a poll').toBe('shift_close');
    expect(tasks.claim(task.id, '2026-11-22T10:00:01.000Z')).toBe(true);
    expect(tasks.claim(task.id, '2026-11-22T10:00:01.000Z'), 'claimed once').toBe(false);
    expect(tasks.enqueue({ ...poll, kind: 'shift_close' }), 'running still counts').toBe(false);
    tasks.finish(task.id, 'done', '2026-11-22T10:00:02.000Z', { outcome: 'closed shift 1' });
    expect(tasks.enqueue({ ...poll, kind: 'shift_close' })).toBe(true);
    expect(tasks.lastFinishedAt('shift_close', 1)).toBe('2026-11-22T10:00:02.000Z');

    expect(() => db.prepare(`UPDATE maintenance_task SET state = 'lost'`).run()).toThrow(
      /CHECK constraint failed/,
    );
    expect(tasks.pruneFinished('2026-11-23T00:00:00.000Z')).toBe(1);
    // A register's tasks go with it.
    db.exec('DELETE FROM register');
    expect(tasks.list({ limit: 10 })).toEqual([]);
    db.close();
  });

  it('runs a task again that was running when the box stopped', () => {
    const db = databaseAt(6);
    db.exec(REGISTER);
    const tasks = new MaintenanceTaskRepository(db);
    tasks.enqueue({
      kind: 'shift_close',
      registerId: 1,
      reason: 'max_age',
      dueAt: '2026-11-22T10:00:00.000Z',
    });
    const task = tasks.nextDue(1, '2026-11-22T10:00:00.000Z')!;
    tasks.claim(task.id, '2026-11-22T10:00:00.000Z');
    expect(tasks.nextDue(1, '2026-11-22T10:00:00.000Z')).toBeUndefined();
    expect(tasks.requeueInterrupted('2026-11-22T11:00:00.000Z')).toBe(1);
    expect(tasks.nextDue(1, '2026-11-22T11:00:00.000Z')).toMatchObject({ id: task.id, attempts: 1 });
    db.close();
  });
});
