// Receipts per register, counted from the journal (kassabox_receipts_total and the last receipt time of
// GET /metrics). Each scrape reads only the receipts added since the previous one; the first scrape of a
// process counts the whole journal, so the counter continues across restarts instead of starting at 0.
import type { MetricsRepository } from '../storage/metrics-repository.ts';

export interface RegisterTally {
  count: number;
  /** ISO-8601 UTC of the register's latest receipt. */
  lastFiscalizedAt: string;
}

export class ReceiptTally {
  private readonly receipts: Pick<MetricsRepository, 'receiptsSince'>;
  private readonly byRegister = new Map<number, RegisterTally>();
  private lastId = 0;

  constructor(receipts: Pick<MetricsRepository, 'receiptsSince'>) {
    this.receipts = receipts;
  }

  /** Brings the tally up to the journal's end and answers it, by register id. */
  read(): ReadonlyMap<number, Readonly<RegisterTally>> {
    for (const row of this.receipts.receiptsSince(this.lastId)) {
      const known = this.byRegister.get(row.registerId);
      this.byRegister.set(row.registerId, {
        count: (known?.count ?? 0) + row.count,
        lastFiscalizedAt:
          known !== undefined && known.lastFiscalizedAt > row.lastFiscalizedAt
            ? known.lastFiscalizedAt
            : row.lastFiscalizedAt,
      });
      this.lastId = Math.max(this.lastId, row.lastId);
    }
    return this.byRegister;
  }
}
