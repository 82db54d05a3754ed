// The receipt journal is hash-chained: each row's hash is SHA-256 over a canonical encoding of its
// fields and the previous row's hash. The encoding is a JSON array in a fixed field order, so it does
// not depend on object key order or on SQLite's column order.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface JournalEntry {
  id: number;
  fiscalJobId: number;
  paymentId: number;
  registerId: number;
  fnNumber: string;
  fdNumber: number;
  fiscalSign: string;
  shiftNumber: number | null;
  operation: string;
  totalKopecks: number;
  deviceTime: string;
  fiscalizedAt: string;
  qr: string;
  resolution: string;
  createdAt: string;
}

export function canonicalEncoding(entry: JournalEntry, prevHash: string): string {
  return JSON.stringify([
    'kassabox-receipt-v1',
    entry.id,
    entry.fiscalJobId,
    entry.paymentId,
    entry.registerId,
    entry.fnNumber,
    entry.fdNumber,
    entry.fiscalSign,
    entry.shiftNumber,
    entry.operation,
    entry.totalKopecks,
    entry.deviceTime,
    entry.fiscalizedAt,
    entry.qr,
    entry.resolution,
    entry.createdAt,
    prevHash,
  ]);
}

export function entryHash(entry: JournalEntry, prevHash: string): string {
  return createHash('sha256').update(canonicalEncoding(entry, prevHash)).digest('hex');
}

export type ChainVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAtId: number; reason: string };

/** Walks the rows in id order; the first row that does not fit the chain is reported. */
export function verifyChain(rows: Iterable<JournalEntry & { prevHash: string; hash: string }>): ChainVerdict {
  let prev = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.prevHash !== prev) {
      return {
        ok: false,
        entries: count,
        brokenAtId: row.id,
        reason: 'prev_hash does not match the previous entry',
      };
    }
    const expected = entryHash(row, prev);
    if (row.hash !== expected) {
      return {
        ok: false,
        entries: count,
        brokenAtId: row.id,
        reason: 'hash does not match the entry content',
      };
    }
    prev = row.hash;
  }
  return { ok: true, entries: count, lastHash: prev };
}
