// What the simulated FN keeps: its state and its archive (FN spec «Форматы фискальных данных, при выдаче
// из Архива ФН», tables 83–86), and the codes it reports documents by. Plain JSON, so the state file can
// hold it as it is.

/** Document kinds the simulator forms. */
export type FnDocumentKind = 'registration' | 'shift_open' | 'receipt' | 'correction' | 'shift_close';

/** «Код формы ФД» (FFD appendix 2, table 11) — the document type FF0A answers with. */
export const FORM_CODE: Readonly<Record<FnDocumentKind, number>> = {
  registration: 1,
  shift_open: 2,
  receipt: 3,
  /** «Кассовый чек коррекции». */
  correction: 31,
  shift_close: 5,
};

/** Documents being formed, as FF01 «Текущий документ» reports them (FN spec table 7). */
export type OpenDocumentKind = 'shift_open' | 'receipt' | 'correction' | 'shift_close';

export const CURRENT_DOCUMENT_CODE: Readonly<Record<OpenDocumentKind, number>> = {
  shift_open: 0x02,
  receipt: 0x04,
  /** «14h – Кассовый чек коррекции». */
  correction: 0x14,
  shift_close: 0x08,
};

/** Тег 1054 «признак расчёта» as FF46/FN 16h carry it: 1 приход … 4 возврат расхода. */
export type ReceiptOperation = 1 | 2 | 3 | 4;

/** One TLV as FF0C passed it; the value is hex so the record stays JSON. */
export interface StoredTlv {
  tag: number;
  valueHex: string;
}

export interface ReceiptItemRecord {
  quantityMillionths: number;
  priceKopecks: number;
  sumKopecks: number;
  /** FF46 «Налоговая ставка» bit mask as sent (0x01 НДС 20 % … 0x88 НДС 7/107). */
  taxRate: number;
  department: number;
  /** Тег 1214. */
  paymentMethod: number;
  /** Тег 1212. */
  paymentObject: number;
  name: string;
}

/** The KKT's side of a receipt, kept with the FN record so tests can inspect what was fiscalized. */
export interface ReceiptDetails {
  items: ReceiptItemRecord[];
  /** The 16 FF45 payment sums by type (index 0 = type 1, cash). */
  payments: number[];
  cashKopecks: number;
  /** Types 2–16 summed, reported to the OFD as «электронными» (spec FF45 note). */
  electronicKopecks: number;
  changeKopecks: number;
  /** FF45 «Система налогообложения» bit (тег 1055). */
  taxSystem: number;
  roundingKopecks: number;
  text: string;
  electronicOnly: boolean;
}

/** The KKT's side of a correction receipt (FF4Ah fields), kept with the FN record for tests. */
export interface CorrectionDetails {
  /** Тег 1173: 0 самостоятельно, 1 по предписанию. */
  correctionType: number;
  /** 1031, 1081, 1215, 1216, 1217. */
  cashKopecks: number;
  electronicKopecks: number;
  prepaymentKopecks: number;
  postpaymentKopecks: number;
  counterKopecks: number;
  /** 1102, 1103, 1104, 1105, 1106, 1107 in FF4Ah's order. */
  vatSums: number[];
  /** FF4Ah «Применяемая система налогообложения» bit (тег 1055). */
  taxSystem: number;
  /** 1178 as the local date `YYYY-MM-DD` and 1179, read from the 1174 passed with FF0Ch. */
  baseDate: string;
  baseNumber: string;
  electronicOnly: boolean;
}

export interface ArchiveRecord {
  kind: FnDocumentKind;
  fdNumber: number;
  fiscalSign: number;
  /** Epoch ms of the document; DATE_TIME is derived in the device's zone. */
  at: number;
  ofdAcknowledged: boolean;
  /** Receipts and correction receipts: тег 1054 and the total. */
  operation?: ReceiptOperation;
  totalKopecks?: number;
  /** Receipts: number within the shift; shift reports: the shift number. */
  receiptNumber?: number;
  shiftNumber?: number;
  /** TLVs passed with FF0C while the document was open (1021, 1203, …). */
  tlvs?: StoredTlv[];
  receipt?: ReceiptDetails;
  correction?: CorrectionDetails;
}

export interface ShiftRecord {
  /** Current shift when open, the last closed one otherwise; 0 before the first shift. */
  number: number;
  open: boolean;
  openedAt: number | null;
  /**
   * Receipts and correction receipts in the current (or, when closed, the last) shift — FF40 «Номер
   * чека»; the FN numbers both in one sequence (FN 16h «Номер чека внутри смены» forms either).
   */
  receiptCount: number;
}

export interface FiscalDriveState {
  fnNumber: string;
  /** Last day of validity, local `YYYY-MM-DD` (FF03). */
  validUntil: string;
  registrationsDone: number;
  registrationsLeft: number;
  inn: string;
  registrationNumber: string;
  /** Registered tax systems, тег 1062 bits. */
  taxSystems: number;
  /** «Режим работы» of the registration. */
  workMode: number;
  /** Documents the archive holds in all; FF63 reports what is left. */
  documentCapacity: number;
  lastFdNumber: number;
  archive: ArchiveRecord[];
  shift: ShiftRecord;
}

export interface OpenDocument {
  kind: OpenDocumentKind;
  startedAt: number;
  tlvs: StoredTlv[];
  /** FF01 «Данные документа»: something was passed for the document. */
  hasData: boolean;
}
