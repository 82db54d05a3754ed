// The audit trail, newest first, paged by the smallest id seen (docs/api.md "Audit trail").
import { api, type Query } from '../api/client.ts';
import type { AuditEntryJson, AuditListJson } from '../api/types.ts';

export interface AuditQuery extends Query {
  entity?: string;
  entity_id?: string;
  action?: string;
  /** Part of the actor's name. */
  actor?: string;
  /** Instants (ISO-8601): from inclusive, to exclusive. */
  from?: string;
  to?: string;
  limit?: number;
  before_id?: number;
}

export async function listAudit(query: AuditQuery): Promise<AuditEntryJson[]> {
  return (await api.get<AuditListJson>('/audit', query)).items;
}
