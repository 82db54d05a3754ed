// A repository's access to the database. Statements are prepared once per SQL text: preparing costs ~50 µs, a third of the CPU of an
// accepted payment when done on every call (bench/README.md). Each repository owns one cache.
import type Database from 'better-sqlite3';
import type { Db } from './database.ts';

export class Statements {
  private readonly db: Db;
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(db: Db) {
    this.db = db;
  }

  /** Runs `work` in one transaction (a savepoint when a transaction is already open). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  prepare(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}
