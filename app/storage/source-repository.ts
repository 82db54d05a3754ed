// All SQL about sources (a billing or a payment channel that reports payments) and their receipt settings.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

/** api: a billing or channel posting with a token; cash_desk: the built-in source of the office cash desk. */
export const SOURCE_KINDS = ['api', 'cash_desk'] as const;
export const PAYMENT_METHODS = ['full_prepayment', 'prepayment', 'advance', 'full_payment'] as const;
export const PAYMENT_OBJECTS = ['commodity', 'service', 'payment', 'another'] as const;
export const VAT_RATES = [
  'vat20',
  'vat10',
  'vat120',
  'vat110',
  'vat0',
  'none',
  'vat5',
  'vat7',
  'vat105',
  'vat107',
] as const;

export type SourceKind = (typeof SOURCE_KINDS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentObject = (typeof PAYMENT_OBJECTS)[number];
export type VatRate = (typeof VAT_RATES)[number];

export interface SourceRow {
  id: number;
  organizationId: number;
  name: string;
  kind: SourceKind;
  itemName: string;
  paymentMethod: PaymentMethod;
  paymentObject: PaymentObject;
  vat: VatRate;
  createdAt: string;
  updatedAt: string;
}

export interface SourceFields {
  organizationId: number;
  name: string;
  kind: SourceKind;
  itemName: string;
  paymentMethod: PaymentMethod;
  paymentObject: PaymentObject;
  vat: VatRate;
}

const COLUMNS = `id, organization_id AS organizationId, name, kind, item_name AS itemName,
  payment_method AS paymentMethod, payment_object AS paymentObject, vat, created_at AS createdAt,
  updated_at AS updatedAt`;

export class SourceRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): SourceRow[] {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM source ORDER BY id`).all() as SourceRow[];
  }

  getById(id: number): SourceRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM source WHERE id = ?`).get(id) as SourceRow | undefined;
  }

  findByName(name: string): SourceRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM source WHERE name = ?`).get(name) as
      | SourceRow
      | undefined;
  }

  /** The organization's built-in cash-desk source (at most one, migration 005). */
  findCashDesk(organizationId: number): SourceRow | undefined {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM source WHERE organization_id = ? AND kind = 'cash_desk'`)
      .get(organizationId) as SourceRow | undefined;
  }

  insert(fields: SourceFields, at: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO source (organization_id, name, kind, item_name, payment_method, payment_object, vat, created_at, updated_at)
         VALUES (@organizationId, @name, @kind, @itemName, @paymentMethod, @paymentObject, @vat, @at, @at)`,
      )
      .run({ ...fields, at });
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: SourceFields, at: string): void {
    this.sql
      .prepare(
        `UPDATE source SET organization_id = @organizationId, name = @name, kind = @kind, item_name = @itemName,
           payment_method = @paymentMethod, payment_object = @paymentObject, vat = @vat, updated_at = @at
         WHERE id = @id`,
      )
      .run({ ...fields, id, at });
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM source WHERE id = ?').run(id);
  }

  paymentCount(id: number): number {
    return (
      this.sql.prepare('SELECT count(*) AS n FROM payment WHERE source_id = ?').get(id) as { n: number }
    ).n;
  }
}
