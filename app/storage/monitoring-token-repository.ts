// All SQL about monitoring tokens (the scrapers' bearer tokens for GET /metrics). Only the SHA-256 of a
// token is stored, never the token.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface MonitoringTokenRow {
  id: number;
  name: string;
  prefix: string;
  createdByUserId: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewMonitoringToken {
  name: string;
  prefix: string;
  tokenHash: string;
  createdByUserId: number | null;
  createdAt: string;
}

const COLUMNS = `id, name, prefix, created_by_user_id AS createdByUserId, created_at AS createdAt,
  last_used_at AS lastUsedAt, revoked_at AS revokedAt`;

export class MonitoringTokenRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(token: NewMonitoringToken): number {
    const result = this.sql
      .prepare(
        `INSERT INTO monitoring_token (name, prefix, token_hash, created_by_user_id, created_at)
         VALUES (@name, @prefix, @tokenHash, @createdByUserId, @createdAt)`,
      )
      .run(token);
    return Number(result.lastInsertRowid);
  }

  getById(id: number): MonitoringTokenRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM monitoring_token WHERE id = ?`).get(id) as
      | MonitoringTokenRow
      | undefined;
  }

  findByHash(tokenHash: string): MonitoringTokenRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM monitoring_token WHERE token_hash = ?`).get(tokenHash) as
      | MonitoringTokenRow
      | undefined;
  }

  list(): MonitoringTokenRow[] {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM monitoring_token ORDER BY id`)
      .all() as MonitoringTokenRow[];
  }

  touch(id: number, at: string): void {
    this.sql.prepare('UPDATE monitoring_token SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  revoke(id: number, at: string): void {
    this.sql
      .prepare('UPDATE monitoring_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(at, id);
  }
}
