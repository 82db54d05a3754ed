// The office cash desk (issue 3): a customer pays at the counter and gets a receipt from the register
// there. The payment goes through the same durable, idempotent path as a billing's (accept-payment.ts),
// with three differences: its source is the organization's built-in desk source, its idempotency key
// is the form's request_id (a double click or a retried POST finds the first payment), and its fiscal
// job is pinned to the chosen register.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import { SYSTEM_CONTEXT } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { ApiError, invalidField } from '../http/errors.ts';
import { SOURCE_DEFAULTS } from '../http/schemas/source.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { PaymentView } from '../payments/payment-views.ts';
import type { OrganizationRepository } from '../storage/organization-repository.ts';
import type { RegisterRepository, RegisterRow } from '../storage/register-repository.ts';
import type { SourceRepository, SourceRow } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';

export interface CashDeskPayment {
  /** Made by the form once per payment (a UUID); a repeat answers the same payment. */
  requestId: string;
  registerId: number;
  account: string;
  amountKopecks: number;
  method: 'cash' | 'electronic';
  customerContact?: string;
}

/** The desk's external_id: one per form submission, so it repeats exactly when the request does. */
export function deskExternalId(requestId: string): string {
  return `desk-${requestId.toLowerCase()}`;
}

export function deskSourceName(organizationName: string): string {
  return `Касса в офисе (${organizationName})`;
}

export interface CashDeskDeps {
  registers: RegisterRepository;
  organizations: OrganizationRepository;
  sources: SourceRepository;
  payments: PaymentService;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
}

export class CashDeskService {
  private readonly deps: CashDeskDeps;

  constructor(deps: CashDeskDeps) {
    this.deps = deps;
  }

  /** Takes a payment at the desk; `created` is false when request_id repeats. */
  take(input: CashDeskPayment, context: AuditContext): { view: PaymentView; created: boolean } {
    const register = this.usableRegister(input.registerId);
    const source = this.deskSourceOf(register.organizationId);
    return this.deps.payments.accept(
      {
        sourceId: source.id,
        externalId: deskExternalId(input.requestId),
        account: input.account,
        amountKopecks: input.amountKopecks,
        method: input.method,
        pinnedRegisterId: register.id,
        ...(input.customerContact === undefined ? {} : { customerContact: input.customerContact }),
      },
      (payment) =>
        this.deps.audit.record(context, {
          action: 'cash_desk.payment',
          entity: 'payment',
          entityId: payment.id,
          after: { ...payment, registerId: register.id, registerName: register.name },
        }),
    );
  }

  private usableRegister(id: number): RegisterRow {
    const register = this.deps.registers.getById(id);
    if (register === undefined) throw invalidField('/register_id', `register ${id} does not exist`);
    if (!register.enabled) {
      throw new ApiError(
        'register_unavailable',
        `Register ${id} (${register.name}) is disabled; enable it or take the payment on another register.`,
      );
    }
    return register;
  }

  /**
   * The organization's desk source, made on first use. It is the system's doing, not the cashier's
   * (they only took a payment), so the audit row names the system. Its receipt settings are the
   * defaults of any new source and can be changed like any source's.
   */
  private deskSourceOf(organizationId: number): SourceRow {
    const existing = this.deps.sources.findCashDesk(organizationId);
    if (existing !== undefined) return existing;
    const organization = this.deps.organizations.getById(organizationId);
    if (organization === undefined)
      throw new Error(`organization ${organizationId} of a register is missing`);
    return this.deps.transaction(() => {
      // A person may already have named a source like this: the id keeps the built-in one apart.
      const wanted = deskSourceName(organization.name);
      const name = this.deps.sources.findByName(wanted) ? `${wanted} #${organizationId}` : wanted;
      const id = this.deps.sources.insert(
        {
          organizationId,
          name,
          kind: 'cash_desk',
          itemName: SOURCE_DEFAULTS.itemName,
          paymentMethod: SOURCE_DEFAULTS.paymentMethod,
          paymentObject: SOURCE_DEFAULTS.paymentObject,
          vat: SOURCE_DEFAULTS.vat,
        },
        this.deps.clock.now().toISOString(),
      );
      const after = this.deps.sources.getById(id)!;
      this.deps.audit.record(SYSTEM_CONTEXT, {
        action: 'source.create',
        entity: 'source',
        entityId: id,
        after,
      });
      return after;
    });
  }
}
