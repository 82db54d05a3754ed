// Use cases of register configuration: where a fiscal registrar is, how to talk to it, and the
// cashier it prints. A register's organization is fixed at creation: its FN is registered to that
// taxpayer. The live status and shift actions belong to the pipeline.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, type ErrorDetail, inUse, invalidFields, notFound } from '../http/errors.ts';
import { innProblem } from '../organizations/inn.ts';
import type { OrganizationRepository } from '../storage/organization-repository.ts';
import type { RegisterFields, RegisterRepository, RegisterRow } from '../storage/register-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { isTimeZone } from './time-zone.ts';

export type RegisterPatch = Partial<Omit<RegisterFields, 'organizationId' | 'driver'>>;

export class RegisterService {
  private readonly registers: RegisterRepository;
  private readonly organizations: OrganizationRepository;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;
  private readonly onChanged: (registerId: number) => Promise<void> | void;

  constructor(
    registers: RegisterRepository,
    organizations: OrganizationRepository,
    audit: AuditLog,
    transaction: Transaction,
    clock: Clock,
    /** Told after a register was added, changed or removed, so its worker restarts with the new settings. */
    onChanged: (registerId: number) => Promise<void> | void = () => {},
  ) {
    this.onChanged = onChanged;
    this.registers = registers;
    this.organizations = organizations;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  list(): RegisterRow[] {
    return this.registers.list();
  }

  get(id: number): RegisterRow {
    const register = this.registers.getById(id);
    if (register === undefined) throw notFound('register', id);
    return register;
  }

  create(fields: RegisterFields, context: AuditContext): RegisterRow {
    this.check(fields, undefined);
    const created = this.transaction(() => {
      const id = this.registers.insert(fields, this.clock.now().toISOString());
      const after = this.registers.getById(id)!;
      this.audit.record(context, { action: 'register.create', entity: 'register', entityId: id, after });
      return after;
    });
    void this.onChanged(created.id);
    return created;
  }

  update(id: number, patch: RegisterPatch, context: AuditContext): RegisterRow {
    const before = this.get(id);
    const fields: RegisterFields = {
      organizationId: before.organizationId,
      driver: before.driver,
      name: patch.name ?? before.name,
      host: patch.host ?? before.host,
      port: patch.port ?? before.port,
      protocol: patch.protocol ?? before.protocol,
      password: patch.password ?? before.password,
      timezone: patch.timezone ?? before.timezone,
      electronicOnly: patch.electronicOnly ?? before.electronicOnly,
      enabled: patch.enabled ?? before.enabled,
      cashierName: patch.cashierName ?? before.cashierName,
      cashierInn: patch.cashierInn === undefined ? before.cashierInn : patch.cashierInn,
    };
    this.check(fields, id);
    const updated = this.transaction(() => {
      this.registers.update(id, fields, this.clock.now().toISOString());
      const after = this.registers.getById(id)!;
      this.audit.record(context, {
        action: 'register.update',
        entity: 'register',
        entityId: id,
        before,
        after,
      });
      return after;
    });
    void this.onChanged(id);
    return updated;
  }

  /** A register with fiscal history (jobs, shifts, receipts) stays; disable it instead. */
  remove(id: number, context: AuditContext): void {
    const before = this.get(id);
    if (this.registers.historyCount(id) > 0) {
      throw inUse(
        `register ${id} has fiscal jobs, shifts or receipts; set enabled=false instead of removing it`,
      );
    }
    this.transaction(() => {
      this.registers.delete(id);
      this.audit.record(context, { action: 'register.delete', entity: 'register', entityId: id, before });
    });
    void this.onChanged(id);
  }

  private check(fields: RegisterFields, id: number | undefined): void {
    const problems: ErrorDetail[] = [];
    if (this.organizations.getById(fields.organizationId) === undefined) {
      problems.push(body('/organization_id', `organization ${fields.organizationId} does not exist`));
    }
    if (!isTimeZone(fields.timezone)) {
      problems.push(body('/timezone', 'must be an IANA time zone such as Europe/Moscow'));
    }
    const innIssue = fields.cashierInn === null ? undefined : innProblem(fields.cashierInn);
    if (innIssue !== undefined) problems.push(body('/cashier_inn', innIssue));
    if (problems.length > 0) {
      throw invalidFields(problems);
    }
    const same = this.registers.findByName(fields.name);
    if (same !== undefined && same.id !== id) {
      throw conflict(`a register named "${fields.name}" already exists (id ${same.id})`);
    }
  }
}

function body(path: string, message: string): ErrorDetail {
  return { location: 'body', path, message };
}
