// The FN's limits and the warnings it raises as they approach (FN interface spec v1.2): the 24-hour
// shift, the 30-day wait of the oldest unsent document, the data size of a document, and the warning
// flags of the status (table 9).

import type { OpenDocumentKind } from './fn-documents.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** FN spec table 40: a receipt no later than 24 hours after the shift was opened. */
export const SHIFT_LIMIT_MS = 24 * HOUR_MS;
/** FN spec table 5, code 15h: the oldest unsent message waits «более 30 календарных дней». */
export const OFD_WAIT_LIMIT_MS = 30 * DAY_MS;
/**
 * When to raise warning bit 3 «Превышено время ожидания ответа ОФД». The FN spec does not say; the
 * simulator raises it once the oldest unsent document is five days old, well before the 30-day block.
 */
export const OFD_WARNING_AFTER_MS = 5 * DAY_MS;
/** FN spec §15h, §17h: receipt and correction data may not exceed 30 KB; §11h/§13h: shift reports 1 KB. */
export const DOCUMENT_DATA_LIMIT: Readonly<Record<OpenDocumentKind, number>> = {
  receipt: 30 * 1024,
  correction: 30 * 1024,
  shift_open: 1024,
  shift_close: 1024,
};

/** FN status «Состояние фазы жизни» (table 8): bits 0 and 1 — configured and in fiscal mode. */
export const PHASE_FISCAL_MODE = 0x03;

/** Warning flags of FF01 (FN spec table 9). */
export const FnWarning = {
  /** «Срочная замена КС (до окончания срока действия 3 дня)». */
  replaceUrgently: 0x01,
  /** «Исчерпание ресурса КС (до окончания срока действия 30 дней)». */
  resourceEnding: 0x02,
  /** «Переполнение памяти ФН (Архив ФН заполнен на 90 %)». */
  memoryAlmostFull: 0x04,
  /** «Превышено время ожидания ответа ОФД». */
  ofdTimeout: 0x08,
  /** «Критическая ошибка ФН» — never raised by the simulator. */
  critical: 0x80,
} as const;

export interface WarningInputs {
  untilValidityEndMs: number;
  /** Archive length over capacity, 0–1. */
  archiveFill: number;
  oldestUnsentAgeMs: number | undefined;
}

export function warningFlags(inputs: WarningInputs): number {
  let flags = 0;
  if (inputs.untilValidityEndMs <= 3 * DAY_MS) flags |= FnWarning.replaceUrgently;
  if (inputs.untilValidityEndMs <= 30 * DAY_MS) flags |= FnWarning.resourceEnding;
  if (inputs.archiveFill >= 0.9) flags |= FnWarning.memoryAlmostFull;
  if (inputs.oldestUnsentAgeMs !== undefined && inputs.oldestUnsentAgeMs > OFD_WARNING_AFTER_MS) {
    flags |= FnWarning.ofdTimeout;
  }
  return flags;
}
