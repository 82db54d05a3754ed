// All SQL about documents registered through ATOL Online groups (atol_document): uuid ↔ payment, the
// request as sent, and its callback URL.
import type { AtolOperation } from '../atol-online/atol-request.ts';
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface AtolDocumentRow {
  uuid: string;
  groupId: number;
  operation: AtolOperation;
  externalId: string;
  paymentId: number;
  requestJson: string;
  callbackUrl: string | null;
  createdAt: string;
}

const COLUMNS = `uuid, atol_group_id AS groupId, operation, external_id AS externalId, payment_id AS paymentId,
  request_json AS requestJson, callback_url AS callbackUrl, created_at AS createdAt`;

export class AtolDocumentRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  insert(row: AtolDocumentRow): void {
    this.sql
      .prepare(
        `INSERT INTO atol_document (uuid, atol_group_id, operation, external_id, payment_id, request_json,
           callback_url, created_at)
         VALUES (@uuid, @groupId, @operation, @externalId, @paymentId, @requestJson, @callbackUrl, @createdAt)`,
      )
      .run(row);
  }

  findByUuid(uuid: string): AtolDocumentRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM atol_document WHERE uuid = ?`).get(uuid) as
      | AtolDocumentRow
      | undefined;
  }

  findByExternalId(groupId: number, externalId: string): AtolDocumentRow | undefined {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM atol_document WHERE atol_group_id = ? AND external_id = ?`)
      .get(groupId, externalId) as AtolDocumentRow | undefined;
  }

  findByPaymentId(paymentId: number): AtolDocumentRow | undefined {
    return this.sql.prepare(`SELECT ${COLUMNS} FROM atol_document WHERE payment_id = ?`).get(paymentId) as
      | AtolDocumentRow
      | undefined;
  }

  /**
   * Тег 1042 «номер чека за смену» as the journal knows it: the receipts the box recorded on this FN in
   * this shift up to this one. The box is the only writer of its registers, so this is the FN's count
   * unless someone printed on the register past the box.
   */
  receiptNumberInShift(fnNumber: string, shiftNumber: number, fdNumber: number): number {
    return (
      this.sql
        .prepare(
          'SELECT count(*) AS n FROM receipt WHERE fn_number = ? AND shift_number = ? AND fd_number <= ?',
        )
        .get(fnNumber, shiftNumber, fdNumber) as { n: number }
    ).n;
  }

  /** The device's serial number from the register's last status read, for device_code. */
  deviceSerial(registerId: number): string | undefined {
    const row = this.sql
      .prepare('SELECT status_json AS statusJson FROM register WHERE id = ?')
      .get(registerId) as { statusJson: string | null } | undefined;
    if (!row?.statusJson) return undefined;
    try {
      const serial = (JSON.parse(row.statusJson) as { serialNumber?: unknown }).serialNumber;
      return typeof serial === 'string' ? serial : undefined;
    } catch {
      return undefined;
    }
  }
}
