import { describe, expect, it } from 'vitest';
import {
  entryHash,
  GENESIS_HASH,
  type JournalEntry,
  verifyChain,
} from '../../../app/journal/journal-hash.ts';

function entry(id: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id,
    fiscalJobId: id,
    paymentId: id,
    registerId: 1,
    fnNumber: '9287440301120991',
    fdNumber: 400 + id,
    fiscalSign: String(1000 + id),
    shiftNumber: 3,
    operation: 'income',
    totalKopecks: 100 * id,
    deviceTime: '2026-11-22T12:00',
    fiscalizedAt: '2026-11-22T09:00:00.000Z',
    qr: 'qr',
    resolution: 'device',
    createdAt: '2026-11-22T09:00:01.000Z',
    ...overrides,
  };
}

function chain(count: number) {
  const rows = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= count; id++) {
    const hash = entryHash(entry(id), prev);
    rows.push({ ...entry(id), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('receipt journal hash chain', () => {
  it('is a SHA-256 hex digest that depends on every field and on the previous hash', () => {
    const base = entryHash(entry(1), GENESIS_HASH);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(entry(1, { totalKopecks: 101 }), GENESIS_HASH)).not.toBe(base);
    expect(entryHash(entry(1, { fiscalSign: '1002' }), GENESIS_HASH)).not.toBe(base);
    expect(entryHash(entry(1), 'f'.repeat(64))).not.toBe(base);
  });

  it('verifies an intact chain', () => {
    const rows = chain(5);
    expect(verifyChain(rows)).toEqual({ ok: true, entries: 5, lastHash: rows[4]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH });
  });

  it('finds an edited entry', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, totalKopecks: 1 };
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      brokenAtId: 3,
      reason: 'hash does not match the entry content',
    });
  });

  it('finds a removed entry', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      brokenAtId: 3,
      reason: 'prev_hash does not match the previous entry',
    });
  });
});
