// All SQL about notification channels and their routes (which alert rules and severities they want).
import type { AlertSeverity } from '../alerts/alert-types.ts';
import type { ChannelConfig, ChannelKind } from '../notifications/channel-config.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface QuietHours {
  /** "HH:MM" local time in `timezone`; the quiet time runs from start up to end (across midnight when end < start). */
  start: string;
  end: string;
  /** null: the box's time zone (settings). */
  timezone: string | null;
}

export interface ChannelRoute {
  /** An alert rule, or '*' for every rule. */
  rule: string;
  minSeverity: AlertSeverity;
}

export interface ChannelFields {
  kind: ChannelKind;
  name: string;
  config: ChannelConfig;
  enabled: boolean;
  quietHours: QuietHours | null;
  criticalBypassesQuiet: boolean;
  routes: ChannelRoute[];
}

export interface ChannelRow extends ChannelFields {
  id: number;
  createdAt: string;
  updatedAt: string;
}

interface StoredChannel {
  id: number;
  kind: ChannelKind;
  name: string;
  configJson: string;
  enabled: number;
  quietStart: string | null;
  quietEnd: string | null;
  quietTimezone: string | null;
  criticalBypassesQuiet: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, kind, name, config_json AS configJson, enabled, quiet_start AS quietStart,
  quiet_end AS quietEnd, quiet_timezone AS quietTimezone, critical_bypasses_quiet AS criticalBypassesQuiet,
  created_at AS createdAt, updated_at AS updatedAt`;

export class NotificationChannelRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): ChannelRow[] {
    const rows = this.sql.prepare(`SELECT ${COLUMNS} FROM notification_channel ORDER BY id`).all();
    return (rows as StoredChannel[]).map((row) => this.toRow(row));
  }

  getById(id: number): ChannelRow | undefined {
    const row = this.sql.prepare(`SELECT ${COLUMNS} FROM notification_channel WHERE id = ?`).get(id);
    return row === undefined ? undefined : this.toRow(row as StoredChannel);
  }

  findByName(name: string): ChannelRow | undefined {
    const row = this.sql.prepare(`SELECT ${COLUMNS} FROM notification_channel WHERE name = ?`).get(name);
    return row === undefined ? undefined : this.toRow(row as StoredChannel);
  }

  insert(fields: ChannelFields, at: string): number {
    return this.sql.transaction(() => {
      const result = this.sql
        .prepare(
          `INSERT INTO notification_channel (kind, name, config_json, enabled, quiet_start, quiet_end,
             quiet_timezone, critical_bypasses_quiet, created_at, updated_at)
           VALUES (@kind, @name, @configJson, @enabled, @quietStart, @quietEnd, @quietTimezone,
             @criticalBypassesQuiet, @at, @at)`,
        )
        .run({ ...this.columns(fields), at });
      const id = Number(result.lastInsertRowid);
      this.replaceRoutes(id, fields.routes);
      return id;
    });
  }

  update(id: number, fields: ChannelFields, at: string): void {
    this.sql.transaction(() => {
      this.sql
        .prepare(
          `UPDATE notification_channel SET kind = @kind, name = @name, config_json = @configJson,
             enabled = @enabled, quiet_start = @quietStart, quiet_end = @quietEnd,
             quiet_timezone = @quietTimezone, critical_bypasses_quiet = @criticalBypassesQuiet,
             updated_at = @at
           WHERE id = @id`,
        )
        .run({ ...this.columns(fields), id, at });
      this.replaceRoutes(id, fields.routes);
    });
  }

  /** Removes the channel with its routes and its delivery log (ON DELETE CASCADE). */
  delete(id: number): void {
    this.sql.prepare('DELETE FROM notification_channel WHERE id = ?').run(id);
  }

  private replaceRoutes(channelId: number, routes: readonly ChannelRoute[]): void {
    this.sql.prepare('DELETE FROM notification_route WHERE channel_id = ?').run(channelId);
    const insert = this.sql.prepare(
      'INSERT INTO notification_route (channel_id, rule, min_severity) VALUES (?, ?, ?)',
    );
    for (const route of routes) insert.run(channelId, route.rule, route.minSeverity);
  }

  private routesOf(channelId: number): ChannelRoute[] {
    return this.sql
      .prepare(
        'SELECT rule, min_severity AS minSeverity FROM notification_route WHERE channel_id = ? ORDER BY id',
      )
      .all(channelId) as ChannelRoute[];
  }

  private columns(fields: ChannelFields) {
    return {
      kind: fields.kind,
      name: fields.name,
      configJson: JSON.stringify(fields.config),
      enabled: fields.enabled ? 1 : 0,
      quietStart: fields.quietHours?.start ?? null,
      quietEnd: fields.quietHours?.end ?? null,
      quietTimezone: fields.quietHours?.timezone ?? null,
      criticalBypassesQuiet: fields.criticalBypassesQuiet ? 1 : 0,
    };
  }

  private toRow(row: StoredChannel): ChannelRow {
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      config: JSON.parse(row.configJson) as ChannelConfig,
      enabled: row.enabled === 1,
      quietHours:
        row.quietStart !== null && row.quietEnd !== null
          ? { start: row.quietStart, end: row.quietEnd, timezone: row.quietTimezone }
          : null,
      criticalBypassesQuiet: row.criticalBypassesQuiet === 1,
      routes: this.routesOf(row.id),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
