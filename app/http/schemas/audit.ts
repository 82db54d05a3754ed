// The audit trail and the journal verdict as the API shows them (GET /audit, GET /journal/verify).
import { type Static, Type } from 'typebox';
import type { AuditRow } from '../../storage/audit-repository.ts';
import { TimestampSchema } from './common.ts';

export const AuditEntry = Type.Object({
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
export type AuditEntryJson = Static<typeof AuditEntry>;

export const AuditList = Type.Object({ items: Type.Array(AuditEntry) });
export type AuditListJson = Static<typeof AuditList>;

export const JournalVerdict = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer({ description: 'Receipts checked' }),
  last_hash: Type.Union([Type.String(), Type.Null()]),
  broken_at_id: Type.Union([Type.Integer(), Type.Null()], {
    description: 'First receipt id that breaks the chain',
  }),
  reason: Type.Union([Type.String(), Type.Null()]),
  checked_at: TimestampSchema,
});
export type JournalVerdictJson = Static<typeof JournalVerdict>;

export function auditJson(row: AuditRow): AuditEntryJson {
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
