// The audit trail (product rule: every mutation by a person is audited): who, what, on which object,
// and the object before and after, with secrets masked. Services call record() inside the transaction
// of the change, so a change and its audit row are committed together or not at all.
import type { Clock } from '../clock.ts';
import type { AuditFilter, AuditRepository, AuditRow } from '../storage/audit-repository.ts';

export type Actor =
  | { kind: 'user'; id: number; name: string }
  | { kind: 'source'; id: number; name: string }
  | { kind: 'system'; name?: string }
  | { kind: 'anonymous'; name?: string };

/** Who acts and from where; routes build it from the request (app/http/principal.ts). */
export interface AuditContext {
  actor: Actor;
  ip: string | null;
}

export const SYSTEM_CONTEXT: AuditContext = { actor: { kind: 'system' }, ip: null };

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: number | string | null;
  before?: unknown;
  after?: unknown;
}

export const MASK = '***';
const SECRET_KEY = /password|token|secret|cookie|authorization/i;

export class AuditLog {
  private readonly repository: AuditRepository;
  private readonly clock: Clock;

  constructor(repository: AuditRepository, clock: Clock) {
    this.repository = repository;
    this.clock = clock;
  }

  record(context: AuditContext, event: AuditEvent): void {
    const actor = context.actor;
    this.repository.insert({
      at: this.clock.now().toISOString(),
      actorKind: actor.kind,
      actorId: 'id' in actor ? actor.id : null,
      actorName: actor.name ?? null,
      action: event.action,
      entity: event.entity,
      entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
      beforeJson: event.before === undefined ? null : JSON.stringify(auditSnapshot(event.before)),
      afterJson: event.after === undefined ? null : JSON.stringify(auditSnapshot(event.after)),
      ip: context.ip,
    });
  }

  /** Newest first. */
  list(filter: AuditFilter): AuditRow[] {
    return this.repository.list(filter);
  }
}

/**
 * The stored form of an object: a deep copy with snake_case keys, like the API shows them, and the
 * value of every secret-looking key replaced by MASK.
 */
export function auditSnapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(auditSnapshot);
  if (value === null || typeof value !== 'object') return value;
  const snapshot: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    snapshot[name] =
      SECRET_KEY.test(name) && item !== null && typeof item !== 'boolean' ? MASK : auditSnapshot(item);
  }
  return snapshot;
}
