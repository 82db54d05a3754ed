// The KKT around the FN: its mode and submode (spec Приложение 1), the receipt being built, the printer,
// the settings tables. Mode is derived, never stored, so it cannot disagree with the FN: 8 with the
// receipt's type in the high nibble while a receipt is open; otherwise 4 when the shift is closed, 2 while
// it is younger than 24 hours and 3 after.

import type { DeviceClock } from './clock.ts';
import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';
import type { FiscalDrive } from './fiscal-drive.ts';
import type { ReceiptOperation } from './fn-documents.ts';
import type { OfdLink } from './ofd-link.ts';
import type { OpenReceipt } from './open-receipt.ts';
import type { ReceiptPrinter } from './receipt-printer.ts';
import type { SettingsTables } from './settings-tables.ts';

export const Mode = {
  shiftOpen: 2,
  shiftExpired: 3,
  shiftClosed: 4,
  openDocument: 8,
} as const;

/**
 * Status nibble of mode 8 by тег 1054: 8.0 продажа (приход), 8.1 покупка (расход), 8.2 возврат продажи
 * (возврат прихода), 8.3 возврат покупки (возврат расхода).
 */
const OPEN_DOCUMENT_STATUS: Readonly<Record<ReceiptOperation, number>> = { 1: 0, 2: 2, 3: 1, 4: 3 };

export interface KktIdentity {
  /** Заводской номер ККТ, up to 10 digits for the legacy 4-byte field of 11h. */
  serialNumber: string;
  /** «РАСШИР. ОТВ. НА КОМАНДЫ ФОРМ. ФД»: append DATE_TIME to FF43/FF45 answers (spec notes to FF06…). */
  extendedAnswers: boolean;
}

export class DeviceState {
  readonly fn: FiscalDrive;
  readonly clock: DeviceClock;
  readonly printer: ReceiptPrinter;
  readonly tables: SettingsTables;
  readonly identity: KktIdentity;
  readonly ofd: OfdLink;
  openReceipt: OpenReceipt | undefined;

  constructor(parts: {
    fn: FiscalDrive;
    ofd: OfdLink;
    clock: DeviceClock;
    printer: ReceiptPrinter;
    tables: SettingsTables;
    identity: KktIdentity;
  }) {
    this.fn = parts.fn;
    this.ofd = parts.ofd;
    this.clock = parts.clock;
    this.printer = parts.printer;
    this.tables = parts.tables;
    this.identity = parts.identity;
    this.openReceipt = undefined;
  }

  mode(): number {
    if (this.openReceipt) return Mode.openDocument | (OPEN_DOCUMENT_STATUS[this.openReceipt.operation] << 4);
    if (!this.fn.state.shift.open) return Mode.shiftClosed;
    return this.fn.isShiftExpired() ? Mode.shiftExpired : Mode.shiftOpen;
  }

  submode(): number {
    return this.printer.submode;
  }

  /** Operations in the open receipt (10h «Количество операций в чеке»). */
  operationCount(): number {
    return this.openReceipt?.items.length ?? 0;
  }

  /** KKT-level guard of commands that need an open shift younger than 24 hours (4Eh, 3Dh). */
  requireShiftWithin24h(): void {
    if (!this.fn.state.shift.open) throw new DeviceRefusal(DeviceErrorCode.shiftClosed);
    if (this.fn.isShiftExpired()) throw new DeviceRefusal(DeviceErrorCode.shiftExpired);
  }

  /** KKT-level guard of shift reports and settings: no receipt may be open (4Ah). */
  requireNoReceipt(): void {
    if (this.openReceipt) throw new DeviceRefusal(DeviceErrorCode.receiptOpen);
  }

  /** Forgets the receipt and the FN's begun document (88h, FF08h, or a power cycle). */
  dropReceipt(): void {
    this.openReceipt = undefined;
    this.fn.cancelDocument();
  }
}
