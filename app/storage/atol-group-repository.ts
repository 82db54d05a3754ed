// All SQL about ATOL Online groups (atol_group) and the tokens their getToken hands out (atol_token).
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface AtolGroupFields {
  sourceId: number;
  groupCode: string;
  login: string;
  /** scrypt (app/auth/password-hash.ts); never leaves the box. */
  passwordHash: string;
}

export interface AtolGroupRow extends AtolGroupFields {
  id: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, source_id AS sourceId, group_code AS groupCode, login, password_hash AS passwordHash,
  created_at AS createdAt, updated_at AS updatedAt`;

export class AtolGroupRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): AtolGroupRow[] {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM atol_group ORDER BY id`).all() as AtolGroupRow[];
  }

  getById(id: number): AtolGroupRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM atol_group WHERE id = ?`).get(id) as
      | AtolGroupRow
      | undefined;
  }

  findByGroupCode(groupCode: string): AtolGroupRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM atol_group WHERE group_code = ?`).get(groupCode) as
      | AtolGroupRow
      | undefined;
  }

  findByLogin(login: string): AtolGroupRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM atol_group WHERE login = ?`).get(login) as
      | AtolGroupRow
      | undefined;
  }

  findBySourceId(sourceId: number): AtolGroupRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM atol_group WHERE source_id = ?`).get(sourceId) as
      | AtolGroupRow
      | undefined;
  }

  insert(fields: AtolGroupFields, at: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO atol_group (source_id, group_code, login, password_hash, created_at, updated_at)
         VALUES (@sourceId, @groupCode, @login, @passwordHash, @at, @at)`,
      )
      .run({ ...fields, at });
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: Omit<AtolGroupFields, 'sourceId'>, at: string): void {
    this.sql
      .prepare(
        `UPDATE atol_group SET group_code = @groupCode, login = @login, password_hash = @passwordHash,
           updated_at = @at WHERE id = @id`,
      )
      .run({ ...fields, at, id });
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM atol_group WHERE id = ?').run(id);
  }

  /** Documents registered through the group: a group with documents is kept (their reports need it). */
  documentCount(id: number): number {
    return (
      this.sql.prepare('SELECT count(*) AS n FROM atol_document WHERE atol_group_id = ?').get(id) as {
        n: number;
      }
    ).n;
  }

  insertToken(token: { tokenHash: string; groupId: number; issuedAt: string; expiresAt: string }): void {
    this.sql
      .prepare(
        `INSERT INTO atol_token (token_hash, atol_group_id, issued_at, expires_at)
         VALUES (@tokenHash, @groupId, @issuedAt, @expiresAt)`,
      )
      .run(token);
  }

  findToken(tokenHash: string): { groupId: number; issuedAt: string; expiresAt: string } | undefined {
    return this.sql
      .prepare(
        `SELECT atol_group_id AS groupId, issued_at AS issuedAt, expires_at AS expiresAt
         FROM atol_token WHERE token_hash = ?`,
      )
      .get(tokenHash) as { groupId: number; issuedAt: string; expiresAt: string } | undefined;
  }

  /** Tokens of a group stop working when its login or password changes. */
  deleteTokensOf(groupId: number): void {
    this.sql.prepare('DELETE FROM atol_token WHERE atol_group_id = ?').run(groupId);
  }

  /** Expired tokens are kept a day (so an expired one still answers "expired", code 11), then removed. */
  deleteTokensExpiredBefore(at: string): void {
    this.sql.prepare('DELETE FROM atol_token WHERE expires_at < ?').run(at);
  }
}
