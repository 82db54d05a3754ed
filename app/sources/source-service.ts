// Use cases of sources: a billing or payment channel that reports payments, with the receipt settings
// (item name, payment method and object, VAT) its payments inherit. A source's organization is fixed
// at creation: its payments and receipts belong to that taxpayer.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, inUse, invalidField, notFound } from '../http/errors.ts';
import type { OrganizationRepository } from '../storage/organization-repository.ts';
import type { SourceFields, SourceRepository, SourceRow } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';

export type SourcePatch = Partial<Omit<SourceFields, 'organizationId' | 'kind'>>;

export class SourceService {
  private readonly sources: SourceRepository;
  private readonly organizations: OrganizationRepository;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;

  constructor(
    sources: SourceRepository,
    organizations: OrganizationRepository,
    audit: AuditLog,
    transaction: Transaction,
    clock: Clock,
  ) {
    this.sources = sources;
    this.organizations = organizations;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  list(): SourceRow[] {
    return this.sources.list();
  }

  get(id: number): SourceRow {
    const source = this.sources.getById(id);
    if (source === undefined) throw notFound('source', id);
    return source;
  }

  create(fields: SourceFields, context: AuditContext): SourceRow {
    if (this.organizations.getById(fields.organizationId) === undefined) {
      throw invalidField('/organization_id', `organization ${fields.organizationId} does not exist`);
    }
    this.checkName(fields.name, undefined);
    return this.transaction(() => {
      const id = this.sources.insert(fields, this.clock.now().toISOString());
      const after = this.sources.getById(id)!;
      this.audit.record(context, { action: 'source.create', entity: 'source', entityId: id, after });
      return after;
    });
  }

  update(id: number, patch: SourcePatch, context: AuditContext): SourceRow {
    const before = this.get(id);
    const fields: SourceFields = {
      organizationId: before.organizationId,
      kind: before.kind,
      name: patch.name ?? before.name,
      itemName: patch.itemName ?? before.itemName,
      paymentMethod: patch.paymentMethod ?? before.paymentMethod,
      paymentObject: patch.paymentObject ?? before.paymentObject,
      vat: patch.vat ?? before.vat,
    };
    this.checkName(fields.name, id);
    return this.transaction(() => {
      this.sources.update(id, fields, this.clock.now().toISOString());
      const after = this.sources.getById(id)!;
      this.audit.record(context, { action: 'source.update', entity: 'source', entityId: id, before, after });
      return after;
    });
  }

  /** A source that has reported payments stays: its payments and receipts refer to it. */
  remove(id: number, context: AuditContext): void {
    const before = this.get(id);
    const payments = this.sources.paymentCount(id);
    if (payments > 0)
      throw inUse(`source ${id} has ${payments} payment(s); revoke its tokens instead of removing it`);
    this.transaction(() => {
      this.sources.delete(id);
      this.audit.record(context, { action: 'source.delete', entity: 'source', entityId: id, before });
    });
  }

  private checkName(name: string, id: number | undefined): void {
    const same = this.sources.findByName(name);
    if (same !== undefined && same.id !== id)
      throw conflict(`a source named "${name}" already exists (id ${same.id})`);
  }
}
