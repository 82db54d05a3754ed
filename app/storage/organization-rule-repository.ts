// All SQL about a source's account → organization rules (source_organization_rule, migration 010).
// The matching itself is app/organizations/organization-rules.ts; SQL only narrows the candidates, so a
// table of thousands of accounts costs one indexed lookup per payment, not a scan.
import type { OrganizationRule } from '../organizations/organization-rules.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

const COLUMNS = `position, match, value, range_from AS rangeFrom, range_to AS rangeTo,
  organization_id AS organizationId`;

export class OrganizationRuleRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(sourceId: number): OrganizationRule[] {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM source_organization_rule WHERE source_id = ? ORDER BY position`)
      .all(sourceId) as OrganizationRule[];
  }

  /**
   * The rules that could match `account`: its exact rules (by the (source_id, match, value) index) and
   * every prefix and range rule of the source, which are few in practice. firstMatch decides.
   */
  candidates(sourceId: number, account: string): OrganizationRule[] {
    return this.sql
      .prepare(
        `SELECT ${COLUMNS} FROM source_organization_rule
           WHERE source_id = @sourceId AND match = 'exact' AND value = @account
         UNION ALL
         SELECT ${COLUMNS} FROM source_organization_rule
           WHERE source_id = @sourceId AND match IN ('prefix', 'range')`,
      )
      .all({ sourceId, account }) as OrganizationRule[];
  }

  /** Replaces the source's whole list; the caller holds the transaction (with its audit row). */
  replace(sourceId: number, rules: readonly OrganizationRule[], at: string): void {
    this.sql.prepare('DELETE FROM source_organization_rule WHERE source_id = ?').run(sourceId);
    const insert = this.sql.prepare(
      `INSERT INTO source_organization_rule
         (source_id, position, match, value, range_from, range_to, organization_id, created_at)
       VALUES (@sourceId, @position, @match, @value, @rangeFrom, @rangeTo, @organizationId, @at)`,
    );
    for (const rule of rules) insert.run({ ...rule, sourceId, at });
  }

  /** How many rules (of any source) send payments to the organization; it cannot be removed while any do. */
  countForOrganization(organizationId: number): number {
    return this.sql
      .prepare('SELECT count(*) FROM source_organization_rule WHERE organization_id = ?')
      .pluck()
      .get(organizationId) as number;
  }
}
