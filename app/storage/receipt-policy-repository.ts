// The receipt settings a payment inherits from its source and from the organization it belongs to.
// Which organization: the source's own, unless one of the source's account rules sends the account to
// another (issue 5 "several organizations"; app/organizations/organization-rules.ts).
import type { ReceiptPolicy } from '../domain/service-receipt.ts';
import { firstMatch } from '../organizations/organization-rules.ts';
import type { Db } from './database.ts';
import type { TaxSystem } from './organization-repository.ts';
import { OrganizationRuleRepository } from './organization-rule-repository.ts';
import { Statements } from './statements.ts';

export interface SourcePolicy extends ReceiptPolicy {
  sourceId: number;
  /** The organization whose receipt the payment gets, and whose registers may print it. */
  organizationId: number;
  /** The position of the rule that chose the organization; null when the source's own applies. */
  rulePosition: number | null;
}

type SourceSettings = Omit<SourcePolicy, 'taxSystem' | 'rulePosition'> & { kind: string };

export class ReceiptPolicyRepository {
  private readonly sql: Statements;
  private readonly rules: OrganizationRuleRepository;

  constructor(db: Db) {
    this.sql = new Statements(db);
    this.rules = new OrganizationRuleRepository(db);
  }

  /**
   * The policy of a payment to `account` (trimmed) through the source; undefined when the source does
   * not exist. Call it inside the payment's transaction, so the rules it reads are the ones the job
   * is stored with: a repeat of the payment keeps its job's organization, whatever the rules say later.
   */
  forPayment(
    sourceId: number,
    account: string,
    options: { accountRules: boolean } = { accountRules: true },
  ): SourcePolicy | undefined {
    const source = this.sql
      .prepare(
        `SELECT id AS sourceId, organization_id AS organizationId, kind, item_name AS itemName,
           payment_method AS paymentMethod, payment_object AS paymentObject, vat
         FROM source WHERE id = ?`,
      )
      .get(sourceId) as SourceSettings | undefined;
    if (!source) return undefined;
    // The office cash desk's jobs are pinned to a register of the source's own organization: another
    // organization's receipt could not be printed there (the API refuses rules on such a source too).
    // An ATOL Online group names one organization, and its documents carry no subscriber account at all.
    const rule =
      source.kind === 'cash_desk' || !options.accountRules
        ? undefined
        : firstMatch(this.rules.candidates(sourceId, account), account);
    const organizationId = rule?.organizationId ?? source.organizationId;
    const taxSystem = this.sql
      .prepare('SELECT tax_system FROM organization WHERE id = ?')
      .pluck()
      .get(organizationId) as TaxSystem;
    const { kind: _kind, ...settings } = source;
    return { ...settings, organizationId, taxSystem, rulePosition: rule?.position ?? null };
  }
}
