// Use cases of a source's account → organization rules: read them, replace the whole list (one audited
// transaction), and tell a technician which organization an account would go to. The answer of
// resolve is what a payment would get: both read ReceiptPolicyRepository.forPayment.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, invalidFields, notFound } from '../http/errors.ts';
import type { OrganizationRepository, TaxSystem } from '../storage/organization-repository.ts';
import type { OrganizationRuleRepository } from '../storage/organization-rule-repository.ts';
import type { ReceiptPolicyRepository } from '../storage/receipt-policy-repository.ts';
import type { RegisterRepository } from '../storage/register-repository.ts';
import type { SourceRepository, SourceRow } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { type OrganizationRule, type OrganizationRuleInput, ruleProblems } from './organization-rules.ts';

export interface RuleWarning {
  path: string;
  message: string;
}

export interface OrganizationRuleList {
  rules: OrganizationRule[];
  warnings: RuleWarning[];
}

export interface Resolution {
  organizationId: number;
  /** The rule that matched; null when the source's own organization applies. */
  position: number | null;
  organizationName: string;
  taxSystem: TaxSystem;
  enabledRegisters: number;
}

export interface OrganizationRulesDeps {
  rules: OrganizationRuleRepository;
  policies: ReceiptPolicyRepository;
  sources: SourceRepository;
  organizations: OrganizationRepository;
  registers: RegisterRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
}

export class OrganizationRules {
  private readonly deps: OrganizationRulesDeps;

  constructor(deps: OrganizationRulesDeps) {
    this.deps = deps;
  }

  list(sourceId: number): OrganizationRuleList {
    this.source(sourceId);
    const rules = this.deps.rules.list(sourceId);
    return { rules, warnings: this.warnings(rules) };
  }

  /** Replaces every rule of the source; positions are the order of `items`. */
  replace(
    sourceId: number,
    items: readonly OrganizationRuleInput[],
    context: AuditContext,
  ): OrganizationRuleList {
    const source = this.source(sourceId);
    if (source.kind === 'cash_desk' && items.length > 0) {
      throw conflict(
        `source ${sourceId} is the office cash desk of its organization: its receipts are printed on that ` +
          "organization's register, so it takes no organization rules",
      );
    }
    const known = new Set(this.deps.organizations.list().map((organization) => organization.id));
    const problems = ruleProblems(items, (id) => known.has(id));
    if (problems.length > 0) throw invalidFields(problems.map((p) => ({ ...p, location: 'body' as const })));
    const rules: OrganizationRule[] = items.map((item, position) => ({
      position,
      match: item.match,
      value: item.match === 'range' ? null : (item.value ?? null),
      rangeFrom: item.match === 'range' ? (item.rangeFrom ?? null) : null,
      rangeTo: item.match === 'range' ? (item.rangeTo ?? null) : null,
      organizationId: item.organizationId,
    }));
    const after = this.deps.transaction(() => {
      const before = this.deps.rules.list(sourceId);
      this.deps.rules.replace(sourceId, rules, this.deps.clock.now().toISOString());
      const stored = this.deps.rules.list(sourceId);
      this.deps.audit.record(context, {
        action: 'source.organization_rules',
        entity: 'source',
        entityId: sourceId,
        before: { items: before },
        after: { items: stored },
      });
      return stored;
    });
    return { rules: after, warnings: this.warnings(after) };
  }

  /** Which organization a payment to `account` through the source would belong to now. */
  resolve(sourceId: number, account: string): Resolution {
    this.source(sourceId);
    const policy = this.deps.policies.forPayment(sourceId, account.trim());
    if (policy === undefined) throw notFound('source', sourceId);
    const organization = this.deps.organizations.getById(policy.organizationId);
    return {
      organizationId: policy.organizationId,
      position: policy.rulePosition,
      organizationName: organization?.name ?? '',
      taxSystem: policy.taxSystem,
      enabledRegisters: this.enabledRegisters().get(policy.organizationId) ?? 0,
    };
  }

  private source(id: number): SourceRow {
    const source = this.deps.sources.getById(id);
    if (source === undefined) throw notFound('source', id);
    return source;
  }

  private enabledRegisters(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const register of this.deps.registers.list()) {
      if (register.enabled)
        counts.set(register.organizationId, (counts.get(register.organizationId) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Allowed but worth a look: payments sent to an organization without an enabled register wait in the
   * queue until one is added (they never go to another organization's register). One warning per
   * organization, on its first rule.
   */
  private warnings(rules: readonly OrganizationRule[]): RuleWarning[] {
    const counts = this.enabledRegisters();
    const warned = new Set<number>();
    const warnings: RuleWarning[] = [];
    for (const rule of rules) {
      if (warned.has(rule.organizationId) || (counts.get(rule.organizationId) ?? 0) > 0) continue;
      warned.add(rule.organizationId);
      const name = this.deps.organizations.getById(rule.organizationId)?.name ?? '';
      warnings.push({
        path: `/items/${rule.position}/organization_id`,
        message:
          `organization ${rule.organizationId} (${name}) has no enabled register: receipts of payments ` +
          'matched to it wait in the queue until one is added',
      });
    }
    return warnings;
  }
}
