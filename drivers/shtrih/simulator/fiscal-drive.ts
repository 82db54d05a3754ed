// A pure model of the fiscal drive (ФН) behind the KKT, after the FN interface spec v1.2: the phase of
// life (always «фискальный режим» here, the FN was registered), the document counter and archive, the
// shift with its 24-hour limit, the queue of documents the OFD has not acknowledged with its 30-day limit,
// the validity date and the free resource. Every fiscal document follows the FN's scheme (§«Логика
// обменов данными при формировании фискальных документов»): «Начать …», «Передать данные документа»,
// «Сформировать …», or «Отменить документ». Refusals carry the FN's own codes (tables 5, 32–43).

import { type DeviceClock, formatLocalMinute, parseLocalDate } from './clock.ts';
import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';
import { fiscalSign } from './fiscal-sign.ts';
import {
  type ArchiveRecord,
  type CorrectionDetails,
  CURRENT_DOCUMENT_CODE,
  type FiscalDriveState,
  type FnDocumentKind,
  FORM_CODE,
  type OpenDocument,
  type OpenDocumentKind,
  type ReceiptDetails,
  type ReceiptOperation,
  type StoredTlv,
} from './fn-documents.ts';
import {
  DOCUMENT_DATA_LIMIT,
  OFD_WAIT_LIMIT_MS,
  PHASE_FISCAL_MODE,
  SHIFT_LIMIT_MS,
  warningFlags,
} from './fn-limits.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** FN spec §11h: a shift may open up to an hour earlier than the previous document. */
const SHIFT_OPEN_CLOCK_SLACK_MS = HOUR_MS;

export interface FnStatus {
  phase: number;
  currentDocument: number;
  hasDocumentData: boolean;
  shiftOpen: boolean;
  warnings: number;
  lastDocumentAt: number;
  fnNumber: string;
  lastFdNumber: number;
}

export class FiscalDrive {
  /** Replaced as a whole only by restore(); read it through the drive, not a saved reference. */
  state: FiscalDriveState;
  openDocument: OpenDocument | undefined;
  /** Called after every archive change (a document formed, an OFD acknowledgement). */
  onChange: ((record: ArchiveRecord | undefined) => void) | undefined;
  private readonly clock: DeviceClock;
  private readonly signKey: string;

  constructor(state: FiscalDriveState, clock: DeviceClock, signKey: string) {
    this.state = state;
    this.clock = clock;
    this.signKey = signKey;
    this.openDocument = undefined;
    this.onChange = undefined;
  }

  /** Takes over a saved FN (a restart of the simulator); a begun document does not survive. */
  restore(state: FiscalDriveState): void {
    this.state = state;
    this.openDocument = undefined;
  }

  // ── Queries ─────────────────────────────────────────────────────────────────────────────────────

  status(): FnStatus {
    const last = this.state.archive.at(-1);
    return {
      phase: PHASE_FISCAL_MODE,
      currentDocument: this.openDocument ? CURRENT_DOCUMENT_CODE[this.openDocument.kind] : 0,
      hasDocumentData: this.openDocument?.hasData ?? false,
      shiftOpen: this.state.shift.open,
      warnings: this.warnings(),
      lastDocumentAt: last?.at ?? 0,
      fnNumber: this.state.fnNumber,
      lastFdNumber: this.state.lastFdNumber,
    };
  }

  find(fdNumber: number): ArchiveRecord {
    const record = this.state.archive.find((candidate) => candidate.fdNumber === fdNumber);
    if (!record) throw new DeviceRefusal(DeviceErrorCode.fnNoData, `no document ${fdNumber}`);
    return record;
  }

  /** Documents without an OFD receipt, oldest first (FN 20h, 42h). */
  unsent(): ArchiveRecord[] {
    return this.state.archive.filter((record) => !record.ofdAcknowledged);
  }

  freeDocuments(): number {
    return Math.max(0, this.state.documentCapacity - this.state.archive.length);
  }

  isExpired(now = this.clock.now()): boolean {
    const lastDay = parseLocalDate(this.state.validUntil);
    return now >= this.clock.fromLocal(lastDay) + DAY_MS;
  }

  isShiftExpired(now = this.clock.now()): boolean {
    const { open, openedAt } = this.state.shift;
    return open && openedAt !== null && now - openedAt > SHIFT_LIMIT_MS;
  }

  isOfdBlocked(now = this.clock.now()): boolean {
    const oldest = this.unsent()[0];
    return oldest !== undefined && now - oldest.at > OFD_WAIT_LIMIT_MS;
  }

  // ── Registration: the FN of a fresh simulator arrives registered (FD 1, FN spec table 83) ───────────

  /** Forms the registration report of an empty archive, already acknowledged by the OFD. */
  register(at: number): ArchiveRecord {
    if (this.state.archive.length > 0) throw new Error('the FN is already registered');
    const record = this.form('registration', at, {});
    record.ofdAcknowledged = true;
    return record;
  }

  // ── Shift open: FN 11h «Начать открытие смены», 12h «Открыть смену» ─────────────────────────────────

  beginShiftOpen(): void {
    const now = this.clock.now();
    this.requireNoDocument();
    if (this.state.shift.open) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'the shift is open');
    this.requireUsable(now, { expiry: true, resource: true, clockSlackMs: SHIFT_OPEN_CLOCK_SLACK_MS });
    this.openDocument = { kind: 'shift_open', startedAt: now, tlvs: [], hasData: false };
  }

  completeShiftOpen(): ArchiveRecord {
    this.requireDocument('shift_open');
    const now = this.clock.now();
    const shift = this.state.shift;
    shift.number += 1;
    shift.open = true;
    shift.openedAt = now;
    shift.receiptCount = 0;
    return this.form('shift_open', now, { shiftNumber: shift.number });
  }

  // ── Shift close: FN 13h «Начать закрытие смены», 14h «Закрыть смену» ───────────────────────────────

  beginShiftClose(): void {
    const now = this.clock.now();
    this.requireNoDocument();
    if (!this.state.shift.open) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'the shift is closed');
    // Closing stays possible past the validity date and with a full archive, so the FN can be retired.
    this.requireUsable(now, { expiry: false, resource: false, clockSlackMs: 0 });
    this.openDocument = { kind: 'shift_close', startedAt: now, tlvs: [], hasData: false };
  }

  completeShiftClose(): ArchiveRecord {
    this.requireDocument('shift_close');
    const now = this.clock.now();
    const shift = this.state.shift;
    shift.open = false;
    shift.openedAt = null;
    return this.form('shift_close', now, { shiftNumber: shift.number });
  }

  // ── Receipt: FN 15h «Начать формирование чека», 16h «Сформировать чек» ─────────────────────────────

  beginReceipt(): void {
    const now = this.clock.now();
    this.requireNoDocument();
    if (!this.state.shift.open) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'the shift is closed');
    if (this.isShiftExpired(now)) throw new DeviceRefusal(DeviceErrorCode.fnShiftOver24h);
    this.requireUsable(now, { expiry: true, resource: true, clockSlackMs: 0 });
    this.openDocument = { kind: 'receipt', startedAt: now, tlvs: [], hasData: false };
  }

  completeReceipt(operation: ReceiptOperation, totalKopecks: number, details: ReceiptDetails): ArchiveRecord {
    this.requireDocument('receipt');
    const now = this.clock.now();
    // FN table 43, 07h: not later than 24 hours after the shift was opened.
    if (this.isShiftExpired(now)) throw new DeviceRefusal(DeviceErrorCode.fnBadDateTime, 'shift over 24 h');
    const shift = this.state.shift;
    shift.receiptCount += 1;
    return this.form('receipt', now, {
      operation,
      totalKopecks,
      receiptNumber: shift.receiptCount,
      shiftNumber: shift.number,
      receipt: details,
    });
  }

  // ── Correction receipt: FN 17h «Начать формирование чека коррекции», then 16h «Сформировать чек» ───

  /** FN spec §17h: the same conditions as a receipt (table 45 repeats table 40). */
  beginCorrection(): void {
    const now = this.clock.now();
    this.requireNoDocument();
    if (!this.state.shift.open) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'the shift is closed');
    if (this.isShiftExpired(now)) throw new DeviceRefusal(DeviceErrorCode.fnShiftOver24h);
    this.requireUsable(now, { expiry: true, resource: true, clockSlackMs: 0 });
    this.openDocument = { kind: 'correction', startedAt: now, tlvs: [], hasData: false };
  }

  /** The TLVs passed for the begun correction receipt (the KKT checks 1174 before forming it). */
  correctionData(): readonly StoredTlv[] {
    return this.requireDocument('correction').tlvs;
  }

  completeCorrection(
    operation: ReceiptOperation,
    totalKopecks: number,
    details: CorrectionDetails,
  ): ArchiveRecord {
    this.requireDocument('correction');
    const now = this.clock.now();
    if (this.isShiftExpired(now)) throw new DeviceRefusal(DeviceErrorCode.fnBadDateTime, 'shift over 24 h');
    const shift = this.state.shift;
    shift.receiptCount += 1;
    return this.form('correction', now, {
      operation,
      totalKopecks,
      receiptNumber: shift.receiptCount,
      shiftNumber: shift.number,
      correction: details,
    });
  }

  // ── FN 07h «Передать данные документа», 06h «Отменить документ» ───────────────────────────────────

  addDocumentData(tlv: StoredTlv): void {
    const document = this.openDocument;
    if (!document) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'no document begun');
    const size = document.tlvs.reduce((sum, item) => sum + 4 + item.valueHex.length / 2, 0);
    if (size + 4 + tlv.valueHex.length / 2 > DOCUMENT_DATA_LIMIT[document.kind]) {
      throw new DeviceRefusal(DeviceErrorCode.fnTlvTooLarge);
    }
    document.tlvs.push(tlv);
    document.hasData = true;
  }

  /** The KKT passed document data of its own (a receipt line). */
  markDocumentData(): void {
    if (this.openDocument) this.openDocument.hasData = true;
  }

  /** Cancels whatever document is begun; nothing to cancel is not an error (the spec lists no code). */
  cancelDocument(): void {
    this.openDocument = undefined;
  }

  // ── OFD acknowledgements (FN 21h–24h, driven by the simulated OFD) ──────────────────────────────────

  acknowledge(upToFdNumber: number = Number.POSITIVE_INFINITY): number {
    let count = 0;
    for (const record of this.state.archive) {
      if (!record.ofdAcknowledged && record.fdNumber <= upToFdNumber) {
        record.ofdAcknowledged = true;
        count += 1;
      }
    }
    if (count > 0) this.onChange?.(undefined);
    return count;
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────────

  private warnings(): number {
    const now = this.clock.now();
    const oldest = this.unsent()[0];
    return warningFlags({
      untilValidityEndMs: this.clock.fromLocal(parseLocalDate(this.state.validUntil)) + DAY_MS - now,
      archiveFill: this.state.archive.length / this.state.documentCapacity,
      oldestUnsentAgeMs: oldest ? now - oldest.at : undefined,
    });
  }

  private requireNoDocument(): void {
    if (this.openDocument) {
      throw new DeviceRefusal(DeviceErrorCode.fnWrongState, `a ${this.openDocument.kind} document is begun`);
    }
  }

  private requireDocument(kind: OpenDocumentKind): OpenDocument {
    const document = this.openDocument;
    if (document?.kind !== kind) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, `no ${kind} begun`);
    return document;
  }

  private requireUsable(
    now: number,
    checks: { expiry: boolean; resource: boolean; clockSlackMs: number },
  ): void {
    if (checks.expiry && this.isExpired(now)) throw new DeviceRefusal(DeviceErrorCode.fnExpired);
    if (this.isOfdBlocked(now)) throw new DeviceRefusal(DeviceErrorCode.fnOfdWaitExceeded);
    if (checks.resource && this.freeDocuments() === 0) {
      throw new DeviceRefusal(DeviceErrorCode.fnResourceExhausted);
    }
    const last = this.state.archive.at(-1);
    if (last && now < last.at - checks.clockSlackMs) {
      throw new DeviceRefusal(DeviceErrorCode.fnBadDateTime, 'earlier than the last document');
    }
  }

  private form(
    kind: FnDocumentKind,
    at: number,
    fields: Omit<ArchiveRecord, 'kind' | 'fdNumber' | 'fiscalSign' | 'at' | 'ofdAcknowledged'>,
  ): ArchiveRecord {
    const document = this.openDocument;
    const fdNumber = this.state.lastFdNumber + 1;
    const record: ArchiveRecord = {
      kind,
      fdNumber,
      fiscalSign: fiscalSign(this.signKey, {
        fnNumber: this.state.fnNumber,
        fdNumber,
        dateTime: formatLocalMinute(this.clock.local(at)),
        formCode: FORM_CODE[kind],
        totalKopecks: fields.totalKopecks ?? 0,
      }),
      at,
      ofdAcknowledged: false,
      ...fields,
    };
    if (document && document.tlvs.length > 0) record.tlvs = [...document.tlvs];
    this.state.lastFdNumber = fdNumber;
    this.state.archive.push(record);
    this.openDocument = undefined;
    this.onChange?.(record);
    return record;
  }
}
