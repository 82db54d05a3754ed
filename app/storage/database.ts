// Opens the one SQLite file of the box with the durability settings rule 1 depends on: WAL and
// synchronous=FULL make a committed transaction survive a power cut, so "accepted" can mean "stored".
import Database from 'better-sqlite3';
import { sqliteBindingOptions } from '../sea/native-sqlite.ts';
import { migrate } from './migrate.ts';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  // The executable of make dist loads the addon from beside itself (app/sea/native-sqlite.ts).
  const db = new Database(file, sqliteBindingOptions());
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A second connection (a backup, the sqlite3 shell of a technician) must not make writes fail at once.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
