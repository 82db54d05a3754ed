// All SQL about login sessions. The id is the SHA-256 of the cookie token; the token is never stored.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface SessionRow {
  id: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  userAgent: string | null;
  ip: string | null;
}

const COLUMNS = `id, user_id AS userId, created_at AS createdAt, last_seen_at AS lastSeenAt,
  expires_at AS expiresAt, revoked_at AS revokedAt, user_agent AS userAgent, ip`;

export class SessionRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(session: Omit<SessionRow, 'revokedAt'>): void {
    this.sql
      .prepare(
        `INSERT INTO session (id, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
         VALUES (@id, @userId, @createdAt, @lastSeenAt, @expiresAt, @userAgent, @ip)`,
      )
      .run(session);
  }

  getById(id: string): SessionRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM session WHERE id = ?`).get(id) as SessionRow | undefined;
  }

  /** Sessions of a user that are neither revoked nor expired at `now`, newest first. */
  listActive(userId: number, now: string): SessionRow[] {
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM session
         WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC`,
      )
      .all(userId, now) as SessionRow[];
  }

  touch(id: string, lastSeenAt: string, expiresAt: string): void {
    this.sql
      .prepare('UPDATE session SET last_seen_at = ?, expires_at = ? WHERE id = ?')
      .run(lastSeenAt, expiresAt, id);
  }

  /** Revokes every live session of a user but `exceptId` (the one making the change, if any). */
  revokeAllOfUser(userId: number, at: string, exceptId: string | null = null): number {
    return this.sql
      .prepare(
        `UPDATE session SET revoked_at = @at
         WHERE user_id = @userId AND revoked_at IS NULL AND id IS NOT @exceptId`,
      )
      .run({ userId, at, exceptId }).changes;
  }

  revoke(id: string, at: string): void {
    this.sql.prepare('UPDATE session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
  }
}
