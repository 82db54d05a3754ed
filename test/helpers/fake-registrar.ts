// An in-memory registrar for app-level unit tests only (rule 3: never proof that a driver works).
// It keeps an FN-like archive so the pipeline's reconciliation can be exercised deterministically.
import { FiscalError } from '../../drivers/fiscal-error.ts';
import type {
  Cashier,
  FiscalDocument,
  FiscalRegistrar,
  FiscalResult,
  RegistrarStatus,
  ShiftReport,
} from '../../drivers/fiscal-registrar.ts';

export type FakeFault =
  | 'lose_answer_after_fiscalizing'
  | 'lose_link_before_fiscalizing'
  | 'leave_document_open'
  | 'refuse_fn_expired'
  | 'status_unreachable';

export class FakeRegistrar implements FiscalRegistrar {
  fnNumber = '9999078900001234';
  archive: FiscalResult[] = [];
  shift = { state: 'closed' as 'closed' | 'open' | 'expired', number: 0 };
  documentOpen = false;
  clock = '2026-11-22T12:00:00';
  faults: FakeFault[] = [];
  calls: string[] = [];

  private takeFault(kind: FakeFault): boolean {
    const index = this.faults.indexOf(kind);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  private form(type: FiscalResult['documentType'], extra: Partial<FiscalResult> = {}): FiscalResult {
    const fdNumber = this.archive.length + 1;
    const result: FiscalResult = {
      fnNumber: this.fnNumber,
      fdNumber,
      fiscalSign: String(1_000_000 + fdNumber * 7919),
      deviceTime: this.clock.slice(0, 16),
      documentType: type,
      shiftNumber: this.shift.number,
      ...extra,
    };
    this.archive.push(result);
    return result;
  }

  receipts(): FiscalResult[] {
    return this.archive.filter((doc) => doc.documentType === 'receipt');
  }

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  async status(): Promise<RegistrarStatus> {
    this.calls.push('status');
    if (this.takeFault('status_unreachable')) {
      throw new FiscalError('connection_lost', { outcomeKnown: true, retryable: true });
    }
    return {
      serialNumber: '0001',
      model: 'fake',
      shift: { ...this.shift },
      documentOpen: this.documentOpen,
      paper: 'present',
      deviceClock: this.clock,
      fn: {
        number: this.fnNumber,
        lastFdNumber: this.archive.length,
        validUntil: '2027-12-31',
        fiscalMode: true,
        warnings: {
          replaceUrgently: false,
          resourceExhausting: false,
          memoryAlmostFull: false,
          ofdTimeout: false,
          criticalError: false,
        },
      },
      ofd: { unsentCount: 0 },
    };
  }

  async register(doc: FiscalDocument): Promise<FiscalResult> {
    this.calls.push('register');
    if (this.shift.state !== 'open')
      throw new FiscalError(this.shift.state === 'expired' ? 'shift_expired' : 'shift_closed', {
        outcomeKnown: true,
        retryable: false,
      });
    if (this.takeFault('refuse_fn_expired'))
      throw new FiscalError('fn_expired', { outcomeKnown: true, retryable: false });
    if (this.takeFault('lose_link_before_fiscalizing'))
      throw new FiscalError('connection_lost', { outcomeKnown: false, retryable: true });
    if (this.takeFault('leave_document_open')) {
      this.documentOpen = true;
      throw new FiscalError('timeout', { outcomeKnown: false, retryable: true });
    }
    const total = doc.items.reduce((sum, item) => sum + item.priceKopecks * item.quantity, 0);
    // A document with `correction` is a чек коррекции in the FN, as the Shtrih driver forms it.
    const type = doc.correction ? 'correction' : 'receipt';
    const result = this.form(type, { operation: doc.operation, totalKopecks: total });
    if (this.takeFault('lose_answer_after_fiscalizing'))
      throw new FiscalError('timeout', { outcomeKnown: false, retryable: true });
    return result;
  }

  async lastDocument(): Promise<FiscalResult | undefined> {
    return this.archive.at(-1);
  }

  async documentByNumber(fdNumber: number): Promise<FiscalResult | undefined> {
    this.calls.push(`document ${fdNumber}`);
    return this.archive[fdNumber - 1];
  }

  async cancelOpenDocument(): Promise<void> {
    this.calls.push('cancel');
    this.documentOpen = false;
  }

  async continuePrinting(): Promise<void> {}

  async openShift(_cashier: Cashier): Promise<ShiftReport> {
    this.shift = { state: 'open', number: this.shift.number + 1 };
    const doc = this.form('shift_open');
    return {
      shiftNumber: this.shift.number,
      fdNumber: doc.fdNumber,
      fiscalSign: doc.fiscalSign,
      deviceTime: doc.deviceTime,
    };
  }

  async closeShift(_cashier: Cashier): Promise<ShiftReport> {
    const doc = this.form('shift_close');
    this.shift = { state: 'closed', number: this.shift.number };
    return {
      shiftNumber: this.shift.number,
      fdNumber: doc.fdNumber,
      fiscalSign: doc.fiscalSign,
      deviceTime: doc.deviceTime,
    };
  }

  async xReport(_cashier: Cashier): Promise<void> {}
}
