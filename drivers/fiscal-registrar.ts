// The document-level contract every fiscal registrar driver implements (ARCHITECTURE §4).
// The step-by-step device dialogue (positions, TLVs, close) stays inside the driver; the app only
// hands over a whole document and gets the FN's answer back. Nothing here imports from app/.

/** Money is always integer kopecks (rule 2). */
export type Kopecks = number;

/** Тег 1054 «признак расчёта». */
export type Operation = 'income' | 'income_return' | 'expense' | 'expense_return';

/** Тег 1055 «применяемая система налогообложения» (one bit each, FFD table 6). */
export type TaxSystem = 'osn' | 'usn_income' | 'usn_income_outcome' | 'envd' | 'esn' | 'patent';

/** Тег 1199 «ставка НДС». */
export type VatRate =
  | 'vat20'
  | 'vat10'
  | 'vat120'
  | 'vat110'
  | 'vat0'
  | 'none'
  | 'vat5'
  | 'vat7'
  | 'vat105'
  | 'vat107';

/** Тег 1214 «признак способа расчёта». */
export type PaymentMethod = 'full_prepayment' | 'prepayment' | 'advance' | 'full_payment';

/** Тег 1212 «признак предмета расчёта». */
export type PaymentObject = 'commodity' | 'service' | 'payment' | 'another';

export interface FiscalItem {
  /** Тег 1030, at most 128 characters. */
  name: string;
  /** Тег 1079, price per unit. */
  priceKopecks: Kopecks;
  /** Тег 1023; service payments use 1. Up to 6 decimals (the device's own precision). */
  quantity: number;
  vat: VatRate;
  paymentMethod: PaymentMethod;
  paymentObject: PaymentObject;
}

export interface Cashier {
  /** Тег 1021. */
  name: string;
  /** Тег 1203, 12 digits when known. */
  inn?: string;
}

/**
 * Кассовый чек коррекции (FFD appendix 2, table 27): corrects a settlement that was made without a
 * receipt or with a wrong one. The document's `operation` is its тег 1054 («приход» or «расход» only,
 * table 28 — so 'income' for ATOL's sell_correction, 'expense' for buy_correction); its items give the
 * total (тег 1020) and, by their VAT rates, the receipt's VAT sums (теги 1102–1107); its payments split
 * the total into cash (1031) and electronic (1081).
 */
export interface FiscalCorrection {
  /** Тег 1173 «тип коррекции»: 0 самостоятельно, 1 по предписанию налогового органа. */
  type: 'self' | 'instruction';
  /** Тег 1178 «дата совершения корректируемого расчета», local date `YYYY-MM-DD` (inside тег 1174). */
  baseDate: string;
  /** Тег 1179 «номер предписания налогового органа», up to 32 characters; '' for a self correction. */
  baseNumber: string;
}

export interface FiscalDocument {
  operation: Operation;
  items: FiscalItem[];
  /** Cash and electronic parts of the payment; their sum equals the items' total. */
  payments: { cashKopecks: Kopecks; electronicKopecks: Kopecks };
  taxSystem: TaxSystem;
  /** Тег 1008: the customer's phone (+7…) or e-mail; required for an electronic-only receipt. */
  customerContact?: string;
  cashier?: Cashier;
  /** Do not print on paper (the receipt goes to the customer through the OFD). */
  electronicOnly: boolean;
  /** Set for a чек коррекции; the registrar then forms a correction receipt, not a receipt. */
  correction?: FiscalCorrection;
}

/** What the FN recorded for a document. Device time is local to the device, as the FN keeps it. */
export interface FiscalResult {
  fnNumber: string;
  /** Номер ФД. */
  fdNumber: number;
  /** ФП as the decimal of the FN's UInt32, the form printed on receipts and in the QR code. */
  fiscalSign: string;
  /** Local date-time of the device, `YYYY-MM-DDTHH:mm` (the FN keeps minutes). */
  deviceTime: string;
  /** Set for receipts and correction receipts (from the FN archive or the close answer). */
  operation?: Operation;
  totalKopecks?: Kopecks;
  /**
   * FN document type: 'receipt', 'correction' (кассовый чек коррекции or БСО коррекции — what register()
   * returns for a document with `correction`), 'shift_open', 'shift_close', or another archive type.
   */
  documentType: FiscalDocumentType;
  shiftNumber?: number;
}

export type FiscalDocumentType =
  | 'registration'
  | 'shift_open'
  | 'receipt'
  | 'shift_close'
  | 'fn_close'
  | 'correction'
  | 'calculation_report'
  | 'other';

export type PaperState = 'present' | 'out' | 'out_waiting_continue';

export type ShiftState = 'closed' | 'open' | 'expired';

export interface RegistrarStatus {
  serialNumber: string;
  model: string;
  shift: { state: ShiftState; number: number };
  /** A fiscal document is open in the FN (a receipt half-way, for example). */
  documentOpen: boolean;
  paper: PaperState;
  /** The device's own clock, local time, `YYYY-MM-DDTHH:mm:ss`. */
  deviceClock: string;
  fn: {
    number: string;
    /** Last fiscal document number the FN formed. */
    lastFdNumber: number;
    /** FN validity end, local date `YYYY-MM-DD`. */
    validUntil: string;
    fiscalMode: boolean;
    warnings: {
      replaceUrgently: boolean;
      resourceExhausting: boolean;
      memoryAlmostFull: boolean;
      ofdTimeout: boolean;
      criticalError: boolean;
    };
    /** Documents that still fit into the FN archive, when the device reports it. */
    freeDocuments?: number;
  };
  ofd: {
    unsentCount: number;
    /** Local date-time of the oldest document not yet confirmed by the OFD. */
    oldestUnsentTime?: string;
    oldestUnsentFdNumber?: number;
  };
}

export interface ShiftReport {
  shiftNumber: number;
  fdNumber: number;
  fiscalSign: string;
  deviceTime: string;
}

export interface FiscalRegistrar {
  /** Connect. Idempotent. */
  open(): Promise<void>;
  /** Disconnect. Idempotent; never throws. */
  close(): Promise<void>;
  status(): Promise<RegistrarStatus>;
  /**
   * Fiscalize one receipt, or a correction receipt when `doc.correction` is set. A FiscalError with
   * outcomeKnown=false means: reconcile before anything else.
   */
  register(doc: FiscalDocument): Promise<FiscalResult>;
  /** The last document the FN formed, read from its archive; undefined when the FN has none. */
  lastDocument(): Promise<FiscalResult | undefined>;
  /** A document of the FN archive by its number; undefined when there is no such document. */
  documentByNumber(fdNumber: number): Promise<FiscalResult | undefined>;
  /** Cancel a receipt left open (after a lost link). No-op when nothing is open. */
  cancelOpenDocument(): Promise<void>;
  /** Resume printing after the paper was replaced (the document itself is already fiscalized). */
  continuePrinting(): Promise<void>;
  openShift(cashier: Cashier): Promise<ShiftReport>;
  closeShift(cashier: Cashier): Promise<ShiftReport>;
  xReport(cashier: Cashier): Promise<void>;
}
