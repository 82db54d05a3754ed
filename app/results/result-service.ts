// Use cases of results back behind the API: where a source's results go (audited, the secret
// write-only), the delivery log, and a person's retry of a delivery.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, notFound } from '../http/errors.ts';
import type {
  ResultDeliveryRepository,
  ResultDeliveryRow,
  ResultDeliveryState,
} from '../storage/result-delivery-repository.ts';
import type { ResultTargetRepository, ResultTargetRow } from '../storage/result-target-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';

export interface ResultTargetInput {
  callbackUrl: string | null;
  /** Left out: the stored secret is kept. */
  callbackSecret?: string;
  markInBilling: boolean;
}

export interface ResultServiceDeps {
  targets: ResultTargetRepository;
  deliveries: ResultDeliveryRepository;
  sources: Pick<SourceRepository, 'getById'>;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  /** A delivery became due (a retry): the sender looks at once. */
  onDue: () => void;
}

export class ResultService {
  private readonly deps: ResultServiceDeps;

  constructor(deps: ResultServiceDeps) {
    this.deps = deps;
  }

  /** Undefined when the source has never had a target set (the API answers the defaults). */
  target(sourceId: number): ResultTargetRow | undefined {
    this.checkSource(sourceId);
    return this.deps.targets.get(sourceId);
  }

  putTarget(sourceId: number, input: ResultTargetInput, context: AuditContext): ResultTargetRow {
    this.checkSource(sourceId);
    return this.deps.transaction(() => {
      const before = this.deps.targets.get(sourceId);
      this.deps.targets.put({
        sourceId,
        callbackUrl: input.callbackUrl,
        callbackSecret: input.callbackSecret ?? before?.callbackSecret ?? null,
        markInBilling: input.markInBilling,
        updatedAt: this.deps.clock.now().toISOString(),
      });
      const after = this.deps.targets.get(sourceId)!;
      // The audit masks keys named secret: it shows that one is set, never its value.
      this.deps.audit.record(context, {
        action: 'source.result_target',
        entity: 'source',
        entityId: sourceId,
        ...(before === undefined ? {} : { before }),
        after,
      });
      return after;
    });
  }

  deliveries(filter: {
    state?: ResultDeliveryState;
    paymentId?: number;
    limit: number;
  }): ResultDeliveryRow[] {
    return this.deps.deliveries.list(filter);
  }

  /** A pending or failed delivery is due now again, with a fresh day of attempts. Audited. */
  retry(id: number, context: AuditContext): ResultDeliveryRow {
    const before = this.deps.deliveries.getById(id);
    if (before === undefined) throw notFound('result delivery', id);
    if (before.state === 'delivered') throw conflict(`result delivery ${id} was already delivered`);
    const after = this.deps.transaction(() => {
      this.deps.deliveries.retry(id, this.deps.clock.now().toISOString());
      const after = this.deps.deliveries.getById(id)!;
      this.deps.audit.record(context, {
        action: 'result_delivery.retry',
        entity: 'result_delivery',
        entityId: id,
        before: stateOf(before),
        after: stateOf(after),
      });
      return after;
    });
    this.deps.onDue();
    return after;
  }

  private checkSource(sourceId: number): void {
    if (this.deps.sources.getById(sourceId) === undefined) throw notFound('source', sourceId);
  }
}

function stateOf(row: ResultDeliveryRow) {
  return { state: row.state, attempts: row.attempts, notBefore: row.notBefore, lastError: row.lastError };
}
