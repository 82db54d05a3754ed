// The receipt settings a payment inherits from its source and from the organization it belongs to.
import type { ReceiptPolicy } from '../domain/service-receipt.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface SourcePolicy extends ReceiptPolicy {
  sourceId: number;
  organizationId: number;
}

export class ReceiptPolicyRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  /**
   * The policy of a payment to `account` through the source: today always the source's organization.
   * (Issue 5 "several organizations" resolves the account through the source's rules here.)
   */
  forPayment(sourceId: number, _account: string): SourcePolicy | undefined {
    return this.sql
      .prepare(
        `SELECT s.id AS sourceId, s.organization_id AS organizationId, s.item_name AS itemName,
           s.payment_method AS paymentMethod, s.payment_object AS paymentObject, s.vat, o.tax_system AS taxSystem
         FROM source s JOIN organization o ON o.id = s.organization_id WHERE s.id = ?`,
      )
      .get(sourceId) as SourcePolicy | undefined;
  }
}
