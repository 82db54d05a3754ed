// Use cases of billing connections (admins change them; staff read them): create, change, remove, each
// audited with before and after in the change's transaction. Settings are checked against the kind's
// schema and its own rules (SQL templates) before anything is stored. Secrets are stored for the
// adapter's use only: views, answers and the audit trail name which secrets are set, never their values
// (the audit's key masking would miss names like api_key, so they never reach it at all).
import type { BillingKind } from '../../drivers/billing/billing-adapter.ts';
import { billingConfigProblems } from '../../drivers/billing/create-billing-adapter.ts';
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, inUse, invalidFields, notFound } from '../http/errors.ts';
import type {
  BillingConnectionFields,
  BillingConnectionRepository,
  BillingConnectionRow,
} from '../storage/billing-connection-repository.ts';
import type { Transaction } from '../storage/transaction.ts';

/** A connection as answers and the audit trail show it: secrets reduced to their names. */
export interface BillingConnectionView {
  id: number;
  name: string;
  kind: BillingKind;
  settings: Record<string, unknown>;
  secretsSet: string[];
  createdAt: string;
  updatedAt: string;
}

export interface BillingConnectionInput {
  name: string;
  kind: BillingKind;
  settings: Record<string, unknown>;
  secrets?: Record<string, string>;
}

export interface BillingConnectionPatch {
  name?: string;
  /** Replaces the settings as a whole. */
  settings?: Record<string, unknown>;
  /** A value replaces that secret, null removes it; secrets not named stay. */
  secrets?: Record<string, string | null>;
}

export interface BillingConnectionServiceDeps {
  connections: BillingConnectionRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  /** After a change or removal is committed: cached adapters of the connection must go. */
  onChanged?: (connectionId: number) => void;
}

export function billingConnectionView(row: BillingConnectionRow): BillingConnectionView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    settings: row.settings,
    secretsSet: Object.keys(row.secrets).sort(),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The audit's form: the audit masks every key that looks like a secret (secrets_set included), so the
 * names of the stored secrets are recorded as credentials_set.
 */
function auditView(view: BillingConnectionView, changed?: string[]) {
  const { secretsSet, ...rest } = view;
  return {
    ...rest,
    credentialsSet: secretsSet,
    ...(changed === undefined ? {} : { credentialsChanged: changed }),
  };
}

export class BillingConnectionService {
  private readonly deps: BillingConnectionServiceDeps;

  constructor(deps: BillingConnectionServiceDeps) {
    this.deps = deps;
  }

  list(): BillingConnectionView[] {
    return this.deps.connections.list().map(billingConnectionView);
  }

  get(id: number): BillingConnectionView {
    return billingConnectionView(this.row(id));
  }

  create(input: BillingConnectionInput, context: AuditContext): BillingConnectionView {
    const fields = this.checked(
      { name: input.name, kind: input.kind, settings: input.settings, secrets: input.secrets ?? {} },
      undefined,
    );
    return this.deps.transaction(() => {
      const id = this.deps.connections.insert(fields, this.deps.clock.now().toISOString());
      const after = billingConnectionView(this.deps.connections.getById(id)!);
      this.deps.audit.record(context, {
        action: 'billing_connection.create',
        entity: 'billing_connection',
        entityId: id,
        after: auditView(after),
      });
      return after;
    });
  }

  update(id: number, patch: BillingConnectionPatch, context: AuditContext): BillingConnectionView {
    const stored = this.row(id);
    const secrets = { ...stored.secrets };
    for (const [name, value] of Object.entries(patch.secrets ?? {})) {
      if (value === null) delete secrets[name];
      else secrets[name] = value;
    }
    const fields = this.checked(
      {
        name: patch.name ?? stored.name,
        kind: stored.kind,
        settings: patch.settings ?? stored.settings,
        secrets,
      },
      stored,
    );
    const updated = this.deps.transaction(() => {
      this.deps.connections.update(id, fields, this.deps.clock.now().toISOString());
      const after = billingConnectionView(this.deps.connections.getById(id)!);
      this.deps.audit.record(context, {
        action: 'billing_connection.update',
        entity: 'billing_connection',
        entityId: id,
        before: auditView(billingConnectionView(stored)),
        // Which secrets a person replaced, by name: the audit shows that a key changed, not the key.
        after: auditView(after, Object.keys(patch.secrets ?? {}).sort()),
      });
      return after;
    });
    this.deps.onChanged?.(id);
    return updated;
  }

  /** Refused while a channel or a poller uses the connection: they would lose their billing. */
  remove(id: number, context: AuditContext): void {
    const stored = this.row(id);
    const { channelIds, pollerIds } = this.deps.connections.usedBy(id);
    if (channelIds.length > 0 || pollerIds.length > 0) {
      const users = [
        ...channelIds.map((channelId) => `channel ${channelId}`),
        ...pollerIds.map((pollerId) => `billing poller ${pollerId}`),
      ];
      throw inUse(`billing connection ${id} is used by ${users.join(', ')}; change or remove them first`);
    }
    this.deps.transaction(() => {
      this.deps.connections.delete(id);
      this.deps.audit.record(context, {
        action: 'billing_connection.delete',
        entity: 'billing_connection',
        entityId: id,
        before: auditView(billingConnectionView(stored)),
      });
    });
    this.deps.onChanged?.(id);
  }

  private row(id: number): BillingConnectionRow {
    const row = this.deps.connections.getById(id);
    if (row === undefined) throw notFound('billing connection', id);
    return row;
  }

  private checked(
    fields: BillingConnectionFields,
    stored: BillingConnectionRow | undefined,
  ): BillingConnectionFields {
    const problems = billingConfigProblems(fields.kind, fields.settings, fields.secrets).map((problem) => ({
      location: 'body' as const,
      path: problem.path,
      message: problem.message,
    }));
    if (problems.length > 0) throw invalidFields(problems);
    const sameName = this.deps.connections.findByName(fields.name);
    if (sameName !== undefined && sameName.id !== stored?.id) {
      throw conflict(`a billing connection named "${fields.name}" already exists (id ${sameName.id})`);
    }
    return fields;
  }
}
