// All SQL about billing connections (how the box reaches a billing; schema 010 billing_connection).
// Settings and secrets are JSON objects; which fields they hold is the kind's business
// (drivers/billing/create-billing-adapter.ts), checked by BillingConnectionService before they land here.
import type { BillingKind } from '../../drivers/billing/billing-adapter.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface BillingConnectionFields {
  name: string;
  kind: BillingKind;
  settings: Record<string, unknown>;
  /** Passwords and keys as the billing needs them: never answered, never audited. */
  secrets: Record<string, string>;
}

export interface BillingConnectionRow extends BillingConnectionFields {
  id: number;
  createdAt: string;
  updatedAt: string;
}

/** Who refers to a connection: a connection in use cannot be removed. */
export interface BillingConnectionUsers {
  channelIds: number[];
  pollerIds: number[];
}

interface StoredConnection {
  id: number;
  name: string;
  kind: BillingKind;
  settingsJson: string;
  secretsJson: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, name, kind, settings_json AS settingsJson, secrets_json AS secretsJson,
  created_at AS createdAt, updated_at AS updatedAt`;

export class BillingConnectionRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): BillingConnectionRow[] {
    const rows = this.sql.prepare(`SELECT ${COLUMNS} FROM billing_connection ORDER BY id`).all();
    return (rows as StoredConnection[]).map(toRow);
  }

  getById(id: number): BillingConnectionRow | undefined {
    const row = this.sql.prepare(`SELECT ${COLUMNS} FROM billing_connection WHERE id = ?`).get(id);
    return row === undefined ? undefined : toRow(row as StoredConnection);
  }

  findByName(name: string): BillingConnectionRow | undefined {
    const row = this.sql.prepare(`SELECT ${COLUMNS} FROM billing_connection WHERE name = ?`).get(name);
    return row === undefined ? undefined : toRow(row as StoredConnection);
  }

  insert(fields: BillingConnectionFields, at: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO billing_connection (name, kind, settings_json, secrets_json, created_at, updated_at)
         VALUES (@name, @kind, @settingsJson, @secretsJson, @at, @at)`,
      )
      .run({ ...columns(fields), at });
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: BillingConnectionFields, at: string): void {
    this.sql
      .prepare(
        `UPDATE billing_connection SET name = @name, kind = @kind, settings_json = @settingsJson,
           secrets_json = @secretsJson, updated_at = @at
         WHERE id = @id`,
      )
      .run({ ...columns(fields), id, at });
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM billing_connection WHERE id = ?').run(id);
  }

  usedBy(id: number): BillingConnectionUsers {
    const ids = (table: 'channel' | 'billing_poller') =>
      (
        this.sql.prepare(`SELECT id FROM ${table} WHERE billing_connection_id = ? ORDER BY id`).all(id) as {
          id: number;
        }[]
      ).map((row) => row.id);
    return { channelIds: ids('channel'), pollerIds: ids('billing_poller') };
  }
}

function columns(fields: BillingConnectionFields) {
  return {
    name: fields.name,
    kind: fields.kind,
    settingsJson: JSON.stringify(fields.settings),
    secretsJson: JSON.stringify(fields.secrets),
  };
}

function toRow(row: StoredConnection): BillingConnectionRow {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    settings: JSON.parse(row.settingsJson) as Record<string, unknown>,
    secrets: JSON.parse(row.secretsJson) as Record<string, string>,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
