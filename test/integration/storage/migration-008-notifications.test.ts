// Migration 8: notification channels, their routes, and the delivery queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../app/storage/migrate.ts';

const dirs: string[] = [];
function freshDb(): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'kassabox-m8-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'kassabox.sqlite'));
  db.pragma('foreign_keys = ON');
  return db;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CHANNEL = `INSERT INTO notification_channel (kind, name, config_json, quiet_start, quiet_end, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, 'n', 'n')`;

describe('migration 8: notifications', () => {
  it('applies on a version 7 database and makes STRICT tables', () => {
    const db = freshDb();
    migrate(db, 7);
    expect(migrate(db, 8)).toEqual([8]);
    for (const table of ['notification_channel', 'notification_route', 'notification']) {
      const row = db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(table) as {
        strict: number;
      };
      expect(row.strict, table).toBe(1);
    }
    db.close();
  });

  it('checks kinds, JSON, quiet hours given in pairs, severities and delivery states', () => {
    const db = freshDb();
    migrate(db, 8);
    const channel = db.prepare(CHANNEL);
    channel.run('webhook', 'a', '{"url":"http://x"}', '22:00', '08:00');
    expect(() => channel.run('pager', 'b', '{}', null, null)).toThrow(/CHECK/);
    expect(() => channel.run('webhook', 'c', 'not json', null, null)).toThrow(/CHECK/);
    expect(() => channel.run('webhook', 'd', '{}', '22:00', null)).toThrow(/CHECK/);
    expect(() => channel.run('webhook', 'a', '{}', null, null)).toThrow(/UNIQUE/);
    const route = db.prepare(
      'INSERT INTO notification_route (channel_id, rule, min_severity) VALUES (1, ?, ?)',
    );
    route.run('*', 'warning');
    expect(() => route.run('*', 'critical')).toThrow(/UNIQUE/);
    expect(() => route.run('paper_out', 'info')).toThrow(/CHECK/);
    const delivery = db.prepare(
      `INSERT INTO notification (channel_id, event_kind, alert_json, state, next_at, created_at)
       VALUES (1, ?, 'null', ?, 'n', 'n')`,
    );
    delivery.run('raised', 'pending');
    expect(() => delivery.run('updated', 'pending')).toThrow(/CHECK/);
    expect(() => delivery.run('raised', 'lost')).toThrow(/CHECK/);
    db.close();
  });

  it('removes a channel’s routes and delivery log with it', () => {
    const db = freshDb();
    migrate(db, 8);
    db.prepare(CHANNEL).run('webhook', 'a', '{}', null, null);
    db.exec(`
      INSERT INTO notification_route (channel_id, rule, min_severity) VALUES (1, '*', 'warning');
      INSERT INTO notification (channel_id, event_kind, alert_json, state, next_at, created_at)
        VALUES (1, 'test', 'null', 'sent', 'n', 'n');
      DELETE FROM notification_channel;
    `);
    expect(db.prepare('SELECT count(*) AS n FROM notification_route').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM notification').get()).toEqual({ n: 0 });
    db.close();
  });
});
