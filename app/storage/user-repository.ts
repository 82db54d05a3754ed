// All SQL about people who log in and the registers assigned to cashiers. Decisions (lockout, rehash,
// bootstrap, who may change whom) live in app/auth and app/users.
import type { Role } from '../auth/roles.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  displayName: string | null;
  passwordHash: string;
  /** scrypt hash of the cashier's PIN; null when the user has none. */
  pinHash: string | null;
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
  displayName?: string | null;
  pinHash?: string | null;
  at: string;
}

/** The fields an admin may change; each one left out stays as it is. */
export interface UserChange {
  role?: Role;
  displayName?: string | null;
  disabled?: boolean;
  pinHash?: string | null;
}

const COLUMNS = `id, username, role, display_name AS displayName, password_hash AS passwordHash,
  pin_hash AS pinHash, failed_logins AS failedLogins,
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

  /** Every user, by username. */
  list(): UserRow[] {
    return (this.sql.prepare(`SELECT ${COLUMNS} FROM user ORDER BY username`).all() as RawUser[]).map(
      (raw) => toRow(raw)!,
    );
  }

  /** Admins that are not disabled: the box must always keep one. */
  countEnabledAdmins(): number {
    return this.sql
      .prepare("SELECT count(*) FROM user WHERE role = 'admin' AND disabled = 0")
      .pluck()
      .get() as number;
  }

  insert(user: NewUser): number {
    const result = this.sql
      .prepare(
        `INSERT INTO user (username, role, display_name, password_hash, pin_hash, password_changed_at,
           created_at, updated_at)
         VALUES (@username, @role, @displayName, @passwordHash, @pinHash, @at, @at, @at)`,
      )
      .run({ displayName: null, pinHash: null, ...user });
    return Number(result.lastInsertRowid);
  }

  update(id: number, change: UserChange, at: string): void {
    const columns = { role: 'role', displayName: 'display_name', disabled: 'disabled', pinHash: 'pin_hash' };
    const values: Record<string, unknown> = { id, at };
    const sets = ['updated_at = @at'];
    for (const [field, column] of Object.entries(columns) as [keyof UserChange, string][]) {
      if (change[field] === undefined) continue;
      sets.push(`${column} = @${field}`);
      values[field] = typeof change[field] === 'boolean' ? Number(change[field]) : change[field];
    }
    this.sql.prepare(`UPDATE user SET ${sets.join(', ')} WHERE id = @id`).run(values);
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM user WHERE id = ?').run(id);
  }

  /** The registers assigned to a user (cashiers work only on these), in id order. */
  registerIds(userId: number): number[] {
    return this.sql
      .prepare('SELECT register_id FROM user_register WHERE user_id = ? ORDER BY register_id')
      .pluck()
      .all(userId) as number[];
  }

  /** Every user's assigned registers at once, for the user list. */
  registerIdsByUser(): Map<number, number[]> {
    const rows = this.sql
      .prepare('SELECT user_id AS userId, register_id AS registerId FROM user_register ORDER BY register_id')
      .all() as { userId: number; registerId: number }[];
    const byUser = new Map<number, number[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.registerId]);
    return byUser;
  }

  isAssigned(userId: number, registerId: number): boolean {
    return (
      this.sql
        .prepare('SELECT 1 FROM user_register WHERE user_id = ? AND register_id = ?')
        .get(userId, registerId) !== undefined
    );
  }

  /** Replaces the user's assigned registers with `registerIds`. */
  setRegisterIds(userId: number, registerIds: readonly number[]): void {
    this.sql.prepare('DELETE FROM user_register WHERE user_id = ?').run(userId);
    const insert = this.sql.prepare('INSERT INTO user_register (user_id, register_id) VALUES (?, ?)');
    for (const registerId of new Set(registerIds)) insert.run(userId, registerId);
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
