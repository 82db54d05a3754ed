// All SQL about the audit trail. Rows are only ever added (a trigger refuses updates).
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export type ActorKind = 'user' | 'source' | 'system' | 'anonymous';

export interface AuditRow {
  id: number;
  at: string;
  actorKind: ActorKind;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
  ip: string | null;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  /** Part of the actor's name, any case (ASCII case folding, as SQLite's lower()). */
  actor?: string;
  /** Instants (ISO-8601 UTC): from inclusive, to exclusive. */
  from?: string;
  to?: string;
  limit: number;
  /** Rows with an id below this one: the next page of a newest-first listing. */
  beforeId?: number;
}

const COLUMNS = `id, at, actor_kind AS actorKind, actor_id AS actorId, actor_name AS actorName, action, entity,
  entity_id AS entityId, before_json AS beforeJson, after_json AS afterJson, ip`;

export class AuditRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(row: Omit<AuditRow, 'id'>): number {
    const result = this.sql
      .prepare(
        `INSERT INTO audit (at, actor_kind, actor_id, actor_name, action, entity, entity_id, before_json, after_json, ip)
         VALUES (@at, @actorKind, @actorId, @actorName, @action, @entity, @entityId, @beforeJson, @afterJson, @ip)`,
      )
      .run(row);
    return Number(result.lastInsertRowid);
  }

  /** Newest first. */
  list(filter: AuditFilter): AuditRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    if (filter.entity !== undefined) {
      where.push('entity = @entity');
      params.entity = filter.entity;
    }
    if (filter.entityId !== undefined) {
      where.push('entity_id = @entityId');
      params.entityId = filter.entityId;
    }
    if (filter.action !== undefined) {
      where.push('action = @action');
      params.action = filter.action;
    }
    if (filter.actor !== undefined) {
      where.push("instr(lower(coalesce(actor_name, '')), lower(@actor)) > 0");
      params.actor = filter.actor;
    }
    // `at` is ISO-8601 UTC text of one fixed width (toISOString), so text order is time order.
    if (filter.from !== undefined) {
      where.push('at >= @from');
      params.from = filter.from;
    }
    if (filter.to !== undefined) {
      where.push('at < @to');
      params.to = filter.to;
    }
    if (filter.beforeId !== undefined) {
      where.push('id < @beforeId');
      params.beforeId = filter.beforeId;
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM audit ${clause} ORDER BY id DESC LIMIT @limit`)
      .all(params) as AuditRow[];
  }
}
