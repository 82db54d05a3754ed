// Reading the audit trail: who changed what, newest first.
import { type Static, Type } from 'typebox';
import type { AuditRow } from '../../storage/audit-repository.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { errorResponses, TimestampSchema } from '../schemas/common.ts';

const AuditQuery = Type.Object({
  entity: Type.Optional(Type.String({ maxLength: 64 })),
  entity_id: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  before_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Next page: ids below this one' })),
});

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: TimestampSchema,
  actor: Type.Object({
    kind: Type.Enum(['user', 'source', 'system', 'anonymous']),
    id: Type.Union([Type.Integer(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
  }),
  action: Type.String(),
  entity: Type.String(),
  entity_id: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown({ description: 'The object before the change (secrets masked), or null' }),
  after: Type.Unknown({ description: 'The object after the change (secrets masked), or null' }),
  ip: Type.Union([Type.String(), Type.Null()]),
});

export const AuditList = Type.Object({ items: Type.Array(AuditEntry) });

function auditJson(row: AuditRow): Static<typeof AuditEntry> {
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actorKind, id: row.actorId, name: row.actorName },
    action: row.action,
    entity: row.entity,
    entity_id: row.entityId,
    before: row.beforeJson === null ? null : JSON.parse(row.beforeJson),
    after: row.afterJson === null ? null : JSON.parse(row.afterJson),
    ip: row.ip,
  };
}

export const auditRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = deps.audit.list({
        entity: q.entity,
        entityId: q.entity_id,
        action: q.action,
        limit: q.limit ?? 100,
        beforeId: q.before_id,
      });
      return { items: rows.map(auditJson) };
    },
  );
};
