// The fiscal sign (ФП) is a 32-bit value the FN computes with its secret key over the document (FN spec
// «Фискальный признак», UInt32 LE in every «сформировать» answer). The simulator stands in with
// HMAC-SHA256 under a per-simulator key: deterministic, so a test can recompute it, and different for
// every field that identifies the document.

import { createHmac } from 'node:crypto';

export interface SignedFields {
  fnNumber: string;
  fdNumber: number;
  /** Local date-time of the document, `YYYY-MM-DDTHH:mm`. */
  dateTime: string;
  /** «Код формы ФД». */
  formCode: number;
  totalKopecks: number;
}

export function fiscalSign(key: string, fields: SignedFields): number {
  const message = [
    fields.fnNumber,
    fields.fdNumber,
    fields.dateTime,
    fields.formCode,
    fields.totalKopecks,
  ].join('|');
  return createHmac('sha256', key).update(message).digest().readUInt32BE(0);
}
