// Verifies the whole receipt journal (at start and on GET /api/v1/journal/verify). A broken chain means
// someone changed or removed receipts behind the box's back: the box keeps running (payments must not be
// lost), but the verdict is logged, shown in health, and later raised as an alert.
import type { ReceiptRepository } from '../storage/receipt-repository.ts';
import { type ChainVerdict, verifyChain } from './journal-hash.ts';

export interface JournalVerification {
  verdict: ChainVerdict;
  checkedAt: string;
}

export function verifyJournal(receipts: ReceiptRepository, now: Date): JournalVerification {
  return { verdict: verifyChain(receipts.iterateAll()), checkedAt: now.toISOString() };
}
