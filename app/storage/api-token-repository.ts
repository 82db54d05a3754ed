// All SQL about source API tokens. Only the SHA-256 of a token is stored, never the token.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface ApiTokenRow {
  id: number;
  sourceId: number;
  name: string;
  prefix: string;
  createdByUserId: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  sourceId: number;
  name: string;
  prefix: string;
  tokenHash: string;
  createdByUserId: number | null;
  createdAt: string;
}

const COLUMNS = `id, source_id AS sourceId, name, prefix, created_by_user_id AS createdByUserId,
  created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt`;

export class ApiTokenRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(token: NewApiToken): number {
    const result = this.sql
      .prepare(
        `INSERT INTO api_token (source_id, name, prefix, token_hash, created_by_user_id, created_at)
         VALUES (@sourceId, @name, @prefix, @tokenHash, @createdByUserId, @createdAt)`,
      )
      .run(token);
    return Number(result.lastInsertRowid);
  }

  getById(id: number): ApiTokenRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM api_token WHERE id = ?`).get(id) as
      | ApiTokenRow
      | undefined;
  }

  findByHash(tokenHash: string): ApiTokenRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM api_token WHERE token_hash = ?`).get(tokenHash) as
      | ApiTokenRow
      | undefined;
  }

  listBySource(sourceId: number): ApiTokenRow[] {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM api_token WHERE source_id = ? ORDER BY id`)
      .all(sourceId) as ApiTokenRow[];
  }

  touch(id: number, at: string): void {
    this.sql.prepare('UPDATE api_token SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  revoke(id: number, at: string): void {
    this.sql.prepare('UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
  }
}
