// All SQL about organizations (the taxpayers receipts are issued for).
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export const TAX_SYSTEMS = ['osn', 'usn_income', 'usn_income_outcome', 'envd', 'esn', 'patent'] as const;
export type TaxSystem = (typeof TAX_SYSTEMS)[number];

export interface OrganizationRow {
  id: number;
  name: string;
  inn: string;
  taxSystem: TaxSystem;
  createdAt: string;
  updatedAt: string;
}

export interface OrganizationFields {
  name: string;
  inn: string;
  taxSystem: TaxSystem;
}

const COLUMNS = 'id, name, inn, tax_system AS taxSystem, created_at AS createdAt, updated_at AS updatedAt';

export class OrganizationRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): OrganizationRow[] {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM organization ORDER BY id`).all() as OrganizationRow[];
  }

  getById(id: number): OrganizationRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM organization WHERE id = ?`).get(id) as
      | OrganizationRow
      | undefined;
  }

  findByName(name: string): OrganizationRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM organization WHERE name = ?`).get(name) as
      | OrganizationRow
      | undefined;
  }

  insert(fields: OrganizationFields, at: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO organization (name, inn, tax_system, created_at, updated_at)
         VALUES (@name, @inn, @taxSystem, @at, @at)`,
      )
      .run({ ...fields, at });
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: OrganizationFields, at: string): void {
    this.sql
      .prepare(
        'UPDATE organization SET name = @name, inn = @inn, tax_system = @taxSystem, updated_at = @at WHERE id = @id',
      )
      .run({ ...fields, id, at });
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM organization WHERE id = ?').run(id);
  }

  /**
   * How many sources, registers and sources' account rules (issue 5) point at the organization (it
   * cannot be removed while any do).
   */
  dependents(id: number): { sources: number; registers: number; rules: number } {
    return this.sql
      .prepare(
        `SELECT (SELECT count(*) FROM source WHERE organization_id = @id) AS sources,
                (SELECT count(*) FROM register WHERE organization_id = @id) AS registers,
                (SELECT count(*) FROM source_organization_rule WHERE organization_id = @id) AS rules`,
      )
      .get({ id }) as { sources: number; registers: number; rules: number };
  }
}
