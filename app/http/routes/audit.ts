// Reading the audit trail: who changed what, newest first.
import { Type } from 'typebox';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { AuditList, auditJson } from '../schemas/audit.ts';
import { errorResponses } from '../schemas/common.ts';

const AuditQuery = Type.Object({
  entity: Type.Optional(Type.String({ maxLength: 64 })),
  entity_id: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Part of the actor's name" })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Entries before this instant' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  before_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Next page: ids below this one' })),
});

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
        actor: q.actor,
        from: q.from && new Date(q.from).toISOString(),
        to: q.to && new Date(q.to).toISOString(),
        limit: q.limit ?? 100,
        beforeId: q.before_id,
      });
      return { items: rows.map(auditJson) };
    },
  );
};
