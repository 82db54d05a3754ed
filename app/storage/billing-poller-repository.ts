// All SQL about billing pollers (registrar mode): their settings, durable cursor and last run.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface PollerFilter {
  methods?: ('cash' | 'electronic')[];
}

export interface PollerRow {
  id: number;
  sourceId: number;
  billingConnectionId: number;
  intervalSeconds: number;
  filter: PollerFilter;
  enabled: boolean;
  cursor: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PollerFields {
  sourceId: number;
  billingConnectionId: number;
  intervalSeconds: number;
  filter: PollerFilter;
  enabled: boolean;
  cursor: string | null;
}

interface StoredPoller extends Omit<PollerRow, 'filter' | 'enabled'> {
  filterJson: string;
  enabled: number;
}

const COLUMNS = `id, source_id AS sourceId, billing_connection_id AS billingConnectionId,
  interval_seconds AS intervalSeconds, filter_json AS filterJson, enabled, cursor, last_run_at AS lastRunAt,
  last_success_at AS lastSuccessAt, last_error AS lastError, created_at AS createdAt, updated_at AS updatedAt`;

function toRow(row: StoredPoller): PollerRow {
  const { filterJson, enabled, ...rest } = row;
  return { ...rest, filter: JSON.parse(filterJson) as PollerFilter, enabled: enabled === 1 };
}

export class BillingPollerRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): PollerRow[] {
    return (
      this.sql.prepare(`SELECT ${COLUMNS} FROM billing_poller ORDER BY id`).all() as StoredPoller[]
    ).map(toRow);
  }

  getById(id: number): PollerRow | undefined {
    const row = this.sql.prepare(`SELECT ${COLUMNS} FROM billing_poller WHERE id = ?`).get(id);
    return row === undefined ? undefined : toRow(row as StoredPoller);
  }

  getBySource(sourceId: number): PollerRow | undefined {
    const row = this.sql.prepare(`SELECT ${COLUMNS} FROM billing_poller WHERE source_id = ?`).get(sourceId);
    return row === undefined ? undefined : toRow(row as StoredPoller);
  }

  /** The kind of a billing connection, or undefined when there is none with this id. */
  connectionKind(billingConnectionId: number): string | undefined {
    return this.sql
      .prepare('SELECT kind FROM billing_connection WHERE id = ?')
      .pluck()
      .get(billingConnectionId) as string | undefined;
  }

  insert(fields: PollerFields, now: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO billing_poller (source_id, billing_connection_id, interval_seconds, filter_json, enabled,
           cursor, created_at, updated_at)
         VALUES (@sourceId, @billingConnectionId, @intervalSeconds, @filterJson, @enabled, @cursor, @now, @now)`,
      )
      .run(bind(fields, now));
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: PollerFields, now: string): void {
    this.sql
      .prepare(
        `UPDATE billing_poller SET source_id = @sourceId, billing_connection_id = @billingConnectionId,
           interval_seconds = @intervalSeconds, filter_json = @filterJson, enabled = @enabled, cursor = @cursor,
           updated_at = @now
         WHERE id = @id`,
      )
      .run({ ...bind(fields, now), id });
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM billing_poller WHERE id = ?').run(id);
  }

  /**
   * A page was accepted: the cursor moves on, only if it is still where the poll started (a person
   * who set the cursor meanwhile wins). Answers whether it moved.
   */
  advanceCursor(id: number, from: string | null, to: string): boolean {
    return (
      this.sql
        .prepare('UPDATE billing_poller SET cursor = @to WHERE id = @id AND cursor IS @from')
        .run({ id, from, to }).changes === 1
    );
  }

  /** The outcome of one run; last_success_at moves only when the poll reached the billing's end. */
  recordRun(id: number, run: { at: string; ok: boolean; error: string | null }): void {
    this.sql
      .prepare(
        `UPDATE billing_poller SET last_run_at = @at, last_error = @error,
           last_success_at = CASE WHEN @ok = 1 THEN @at ELSE last_success_at END
         WHERE id = @id`,
      )
      .run({ id, at: run.at, ok: run.ok ? 1 : 0, error: run.error });
  }
}

function bind(fields: PollerFields, now: string): Record<string, unknown> {
  return {
    sourceId: fields.sourceId,
    billingConnectionId: fields.billingConnectionId,
    intervalSeconds: fields.intervalSeconds,
    filterJson: JSON.stringify(fields.filter),
    enabled: fields.enabled ? 1 : 0,
    cursor: fields.cursor,
    now,
  };
}
