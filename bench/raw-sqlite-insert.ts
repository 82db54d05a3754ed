// The ceiling for durable accepts on this disk: one INSERT per transaction with WAL and
// synchronous=FULL, exactly the durability an accepted payment gets, without HTTP or validation.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { round } from './stats.ts';

export function rawDurableInsertRate(
  directory: string,
  count = 3000,
): { insertsPerSecond: number; count: number } {
  const dir = mkdtempSync(join(directory, 'kassabox-bench-raw-'));
  try {
    const db = new Database(join(dir, 'raw.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, amount INTEGER) STRICT');
    const insert = db.prepare('INSERT INTO t (external_id, amount) VALUES (?, ?)');
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) insert.run(`p-${i}`, 100 + i);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    db.close();
    return { insertsPerSecond: round(count / seconds, 0), count };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
