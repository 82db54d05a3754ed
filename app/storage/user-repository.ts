// All SQL about people who log in. Decisions (lockout, rehash, bootstrap) live in app/auth.
import type { Role } from '../auth/roles.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  username: string;
  role: Role;
  passwordHash: string;
  at: string;
}

const COLUMNS = `id, username, role, password_hash AS passwordHash, failed_logins AS failedLogins,
  locked_until AS lockedUntil, disabled, last_login_at AS lastLoginAt,
  password_changed_at AS passwordChangedAt, created_at AS createdAt, updated_at AS updatedAt`;

type RawUser = Omit<UserRow, 'disabled'> & { disabled: number };

function toRow(raw: RawUser | undefined): UserRow | undefined {
  return raw ? { ...raw, disabled: raw.disabled === 1 } : undefined;
}

export class UserRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  count(): number {
    return (this.sql.prepare('SELECT count(*) AS n FROM user').get() as { n: number }).n;
  }

  getById(id: number): UserRow | undefined {
    return toRow(this.sql.prepare(`SELECT ${COLUMNS} FROM user WHERE id = ?`).get(id) as RawUser | undefined);
  }

  /** Usernames compare case-insensitively (COLLATE NOCASE on the column). */
  findByUsername(username: string): UserRow | undefined {
    return toRow(
      this.sql.prepare(`SELECT ${COLUMNS} FROM user WHERE username = ?`).get(username) as RawUser | undefined,
    );
  }

  insert(user: NewUser): number {
    const result = this.sql
      .prepare(
        `INSERT INTO user (username, role, password_hash, password_changed_at, created_at, updated_at)
         VALUES (@username, @role, @passwordHash, @at, @at, @at)`,
      )
      .run(user);
    return Number(result.lastInsertRowid);
  }

  /** Adds one failed attempt atomically and returns the new count. */
  addFailedLogin(id: number, at: string): number {
    const row = this.sql
      .prepare(
        'UPDATE user SET failed_logins = failed_logins + 1, updated_at = ? WHERE id = ? RETURNING failed_logins AS n',
      )
      .get(at, id) as { n: number };
    return row.n;
  }

  lock(id: number, until: string, at: string): void {
    this.sql
      .prepare('UPDATE user SET locked_until = ?, failed_logins = 0, updated_at = ? WHERE id = ?')
      .run(until, at, id);
  }

  clearLock(id: number, at: string): void {
    this.sql
      .prepare('UPDATE user SET locked_until = NULL, failed_logins = 0, updated_at = ? WHERE id = ?')
      .run(at, id);
  }

  recordLogin(id: number, at: string): void {
    this.sql
      .prepare(
        `UPDATE user SET last_login_at = @at, failed_logins = 0, locked_until = NULL, updated_at = @at
         WHERE id = @id`,
      )
      .run({ id, at });
  }

  setPasswordHash(id: number, passwordHash: string, at: string): void {
    this.sql
      .prepare('UPDATE user SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?')
      .run(passwordHash, at, at, id);
  }
}
