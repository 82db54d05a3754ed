// All SQL about payment channels (translator mode): who they are, how they are secured, their settings.
import type { ChannelProtocol, ChannelSettingsJson } from '../channels/channel-settings.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface ChannelFields {
  sourceId: number;
  slug: string;
  protocol: ChannelProtocol;
  billingConnectionId: number | null;
  settings: ChannelSettingsJson;
  allowedIps: string[];
  basicUsername: string | null;
  basicPasswordHash: string | null;
  secretHash: string | null;
  enabled: boolean;
}

export interface ChannelRow extends ChannelFields {
  id: number;
  createdAt: string;
  updatedAt: string;
}

interface Stored {
  id: number;
  sourceId: number;
  slug: string;
  protocol: ChannelProtocol;
  billingConnectionId: number | null;
  settingsJson: string;
  allowedIpsJson: string;
  basicUsername: string | null;
  basicPasswordHash: string | null;
  secretHash: string | null;
  enabled: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, source_id AS sourceId, slug, protocol, billing_connection_id AS billingConnectionId,
  settings_json AS settingsJson, allowed_ips_json AS allowedIpsJson, basic_username AS basicUsername,
  basic_password_hash AS basicPasswordHash, secret_hash AS secretHash, enabled,
  created_at AS createdAt, updated_at AS updatedAt`;

function row(stored: Stored | undefined): ChannelRow | undefined {
  if (stored === undefined) return undefined;
  const { settingsJson, allowedIpsJson, enabled, ...rest } = stored;
  return {
    ...rest,
    settings: JSON.parse(settingsJson) as ChannelSettingsJson,
    allowedIps: JSON.parse(allowedIpsJson) as string[],
    enabled: enabled === 1,
  };
}

function values(fields: ChannelFields) {
  return [
    fields.sourceId,
    fields.slug,
    fields.protocol,
    fields.billingConnectionId,
    JSON.stringify(fields.settings),
    JSON.stringify(fields.allowedIps),
    fields.basicUsername,
    fields.basicPasswordHash,
    fields.secretHash,
    fields.enabled ? 1 : 0,
  ];
}

export class ChannelRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): ChannelRow[] {
    return (this.sql.prepare(`SELECT ${COLUMNS} FROM channel ORDER BY id`).all() as Stored[]).map(
      (s) => row(s)!,
    );
  }

  getById(id: number): ChannelRow | undefined {
    return row(this.sql.prepare(`SELECT ${COLUMNS} FROM channel WHERE id = ?`).get(id) as Stored | undefined);
  }

  findBySlug(slug: string): ChannelRow | undefined {
    return row(
      this.sql.prepare(`SELECT ${COLUMNS} FROM channel WHERE slug = ?`).get(slug) as Stored | undefined,
    );
  }

  findBySource(sourceId: number): ChannelRow | undefined {
    return row(
      this.sql.prepare(`SELECT ${COLUMNS} FROM channel WHERE source_id = ?`).get(sourceId) as
        | Stored
        | undefined,
    );
  }

  insert(fields: ChannelFields, now: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO channel (source_id, slug, protocol, billing_connection_id, settings_json, allowed_ips_json,
           basic_username, basic_password_hash, secret_hash, enabled, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...values(fields), now, now);
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: ChannelFields, now: string): void {
    this.sql
      .prepare(
        `UPDATE channel SET source_id = ?, slug = ?, protocol = ?, billing_connection_id = ?, settings_json = ?,
           allowed_ips_json = ?, basic_username = ?, basic_password_hash = ?, secret_hash = ?, enabled = ?,
           updated_at = ? WHERE id = ?`,
      )
      .run(...values(fields), now, id);
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM channel WHERE id = ?').run(id);
  }

  transactionCount(id: number): number {
    return (
      this.sql.prepare('SELECT count(*) AS n FROM channel_txn WHERE channel_id = ?').get(id) as { n: number }
    ).n;
  }

  billingConnectionExists(id: number): boolean {
    return this.sql.prepare('SELECT 1 FROM billing_connection WHERE id = ?').get(id) !== undefined;
  }
}
