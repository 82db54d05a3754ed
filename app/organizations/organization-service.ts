// Use cases of organizations: the taxpayers whose receipts the box issues.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, inUse, invalidField, notFound } from '../http/errors.ts';
import type {
  OrganizationFields,
  OrganizationRepository,
  OrganizationRow,
} from '../storage/organization-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { innProblem } from './inn.ts';

export class OrganizationService {
  private readonly organizations: OrganizationRepository;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;

  constructor(
    organizations: OrganizationRepository,
    audit: AuditLog,
    transaction: Transaction,
    clock: Clock,
  ) {
    this.organizations = organizations;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  list(): OrganizationRow[] {
    return this.organizations.list();
  }

  get(id: number): OrganizationRow {
    const organization = this.organizations.getById(id);
    if (organization === undefined) throw notFound('organization', id);
    return organization;
  }

  create(fields: OrganizationFields, context: AuditContext): OrganizationRow {
    this.check(fields, undefined);
    return this.transaction(() => {
      const id = this.organizations.insert(fields, this.clock.now().toISOString());
      const after = this.organizations.getById(id)!;
      this.audit.record(context, {
        action: 'organization.create',
        entity: 'organization',
        entityId: id,
        after,
      });
      return after;
    });
  }

  update(id: number, patch: Partial<OrganizationFields>, context: AuditContext): OrganizationRow {
    const before = this.get(id);
    const fields: OrganizationFields = {
      name: patch.name ?? before.name,
      inn: patch.inn ?? before.inn,
      taxSystem: patch.taxSystem ?? before.taxSystem,
    };
    this.check(fields, id);
    return this.transaction(() => {
      this.organizations.update(id, fields, this.clock.now().toISOString());
      const after = this.organizations.getById(id)!;
      this.audit.record(context, {
        action: 'organization.update',
        entity: 'organization',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  remove(id: number, context: AuditContext): void {
    const before = this.get(id);
    const { sources, registers, rules } = this.organizations.dependents(id);
    if (sources > 0 || registers > 0) {
      throw inUse(
        `organization ${id} still has ${sources} source(s) and ${registers} register(s); remove or move them first`,
      );
    }
    if (rules > 0) {
      throw inUse(
        `${rules} organization rule(s) of sources send payments to organization ${id}; change those rules first`,
      );
    }
    this.transaction(() => {
      this.organizations.delete(id);
      this.audit.record(context, {
        action: 'organization.delete',
        entity: 'organization',
        entityId: id,
        before,
      });
    });
  }

  private check(fields: OrganizationFields, id: number | undefined): void {
    const problem = innProblem(fields.inn);
    if (problem !== undefined) throw invalidField('/inn', problem);
    const sameName = this.organizations.findByName(fields.name);
    if (sameName !== undefined && sameName.id !== id) {
      throw conflict(`an organization named "${fields.name}" already exists (id ${sameName.id})`);
    }
  }
}
