// Use cases of billing pollers behind the API: list, create, change, remove (audited with before and
// after), and "run now". A source has at most one poller; only billings that can list payments (ABillS
// REST, SQL) can be polled.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, invalidField, notFound } from '../http/errors.ts';
import type {
  BillingPollerRepository,
  PollerFields,
  PollerRow,
} from '../storage/billing-poller-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { PollOutcome } from './poll-billing.ts';

/** Billing kinds whose adapter implements paymentsAfter (drivers/billing/abills-rest.ts, sql-billing.ts). */
export const POLLABLE_KINDS: readonly string[] = ['abills', 'sql'];

export type PollerInput = Omit<PollerFields, 'intervalSeconds' | 'filter' | 'enabled' | 'cursor'> &
  Partial<PollerFields>;
export type PollerPatch = Partial<Omit<PollerFields, 'sourceId'>>;

export interface PollerServiceDeps {
  pollers: BillingPollerRepository;
  sources: Pick<SourceRepository, 'getById'>;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  /** The schedule changed (timers re-read); and a poll now. */
  scheduler: { refresh(): void; run(pollerId: number): Promise<PollOutcome> };
}

export class PollerService {
  private readonly deps: PollerServiceDeps;

  constructor(deps: PollerServiceDeps) {
    this.deps = deps;
  }

  list(): PollerRow[] {
    return this.deps.pollers.list();
  }

  get(id: number): PollerRow {
    const poller = this.deps.pollers.getById(id);
    if (poller === undefined) throw notFound('billing poller', id);
    return poller;
  }

  create(input: PollerInput, context: AuditContext): PollerRow {
    const fields: PollerFields = {
      sourceId: input.sourceId,
      billingConnectionId: input.billingConnectionId,
      intervalSeconds: input.intervalSeconds ?? 60,
      filter: input.filter ?? {},
      enabled: input.enabled ?? true,
      cursor: input.cursor ?? null,
    };
    if (this.deps.sources.getById(fields.sourceId) === undefined) {
      throw invalidField('/source_id', `source ${fields.sourceId} does not exist`);
    }
    const same = this.deps.pollers.getBySource(fields.sourceId);
    if (same !== undefined) throw conflict(`source ${fields.sourceId} already has a poller (id ${same.id})`);
    this.checkConnection(fields.billingConnectionId);
    const created = this.deps.transaction(() => {
      const id = this.deps.pollers.insert(fields, this.deps.clock.now().toISOString());
      const after = this.deps.pollers.getById(id)!;
      this.deps.audit.record(context, {
        action: 'billing_poller.create',
        entity: 'billing_poller',
        entityId: id,
        after,
      });
      return after;
    });
    this.deps.scheduler.refresh();
    return created;
  }

  update(id: number, patch: PollerPatch, context: AuditContext): PollerRow {
    const before = this.get(id);
    const fields: PollerFields = {
      sourceId: before.sourceId,
      billingConnectionId: patch.billingConnectionId ?? before.billingConnectionId,
      intervalSeconds: patch.intervalSeconds ?? before.intervalSeconds,
      filter: patch.filter ?? before.filter,
      enabled: patch.enabled ?? before.enabled,
      cursor: patch.cursor === undefined ? before.cursor : patch.cursor,
    };
    if (fields.billingConnectionId !== before.billingConnectionId)
      this.checkConnection(fields.billingConnectionId);
    const after = this.deps.transaction(() => {
      this.deps.pollers.update(id, fields, this.deps.clock.now().toISOString());
      const after = this.deps.pollers.getById(id)!;
      this.deps.audit.record(context, {
        action: 'billing_poller.update',
        entity: 'billing_poller',
        entityId: id,
        before,
        after,
      });
      return after;
    });
    this.deps.scheduler.refresh();
    return after;
  }

  remove(id: number, context: AuditContext): void {
    const before = this.get(id);
    this.deps.transaction(() => {
      this.deps.pollers.delete(id);
      this.deps.audit.record(context, {
        action: 'billing_poller.delete',
        entity: 'billing_poller',
        entityId: id,
        before,
      });
    });
    this.deps.scheduler.refresh();
  }

  /** Polls now and answers the outcome; a billing failure is in the answer, not thrown. Audited. */
  async run(id: number, context: AuditContext): Promise<PollOutcome> {
    const before = this.get(id);
    const outcome = await this.deps.scheduler.run(id);
    this.deps.audit.record(context, {
      action: 'billing_poller.run',
      entity: 'billing_poller',
      entityId: id,
      before: { cursor: before.cursor },
      after: outcome,
    });
    return outcome;
  }

  private checkConnection(billingConnectionId: number): void {
    const kind = this.deps.pollers.connectionKind(billingConnectionId);
    if (kind === undefined) {
      throw invalidField(
        '/billing_connection_id',
        `billing connection ${billingConnectionId} does not exist`,
      );
    }
    if (!POLLABLE_KINDS.includes(kind)) {
      throw invalidField(
        '/billing_connection_id',
        `a billing connection of kind ${kind} cannot list payments; poll an abills or sql connection`,
      );
    }
  }
}
