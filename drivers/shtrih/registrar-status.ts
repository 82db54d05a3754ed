// Pure mapping from the device's answers to the contract's view: RegistrarStatus, the preconditions of
// a receipt (modes and submodes of Приложение 1), and archive records as FiscalResult.

import { FiscalError, type FiscalErrorCode } from '../fiscal-error.ts';
import type { FiscalResult, PaperState, RegistrarStatus } from '../fiscal-registrar.ts';
import type { ArchiveDocument } from './protocol/commands/fn-archive.ts';
import type {
  FnFreeMemory,
  FnStatus,
  LongStatus,
  OfdExchangeStatus,
  ShiftParameters,
  ShortStatus,
} from './protocol/commands/status.ts';

/** Modes of Приложение 1 the driver reacts to. */
export const MODE = {
  shiftOpen: 2,
  shiftExpired: 3,
  shiftClosed: 4,
  documentOpen: 8,
} as const;

/** Submodes of Приложение 1. */
export const SUBMODE = {
  paperPresent: 0,
  paperOutPassive: 1,
  paperOutActive: 2,
  waitingContinue: 3,
} as const;

/** FN phase «фискальный режим» = bits 0 and 1 (FN spec table 8). */
const FN_PHASE_FISCAL = 0x03;

export function paperState(submode: number): PaperState {
  if (submode === SUBMODE.waitingContinue) return 'out_waiting_continue';
  if (submode === SUBMODE.paperOutPassive || submode === SUBMODE.paperOutActive) return 'out';
  return 'present';
}

/** Why the device cannot take a receipt now, or undefined when it can. */
export function receiptBlocker(status: ShortStatus, electronicOnly: boolean): FiscalError | undefined {
  if (status.mode === MODE.documentOpen) return refused('document_open', 'a document is open (mode 8)');
  if (status.mode === MODE.shiftExpired)
    return refused('shift_expired', 'the shift is older than 24 hours (mode 3)');
  if (status.mode === MODE.shiftClosed) return refused('shift_closed', 'the shift is closed (mode 4)');
  if (status.submode === SUBMODE.waitingContinue) {
    return refused('print_continue_required', 'the printer waits for B0 (submode 3)');
  }
  const paperOut = status.submode === SUBMODE.paperOutPassive || status.submode === SUBMODE.paperOutActive;
  if (paperOut && !electronicOnly) return refused('paper_out', `no paper (submode ${status.submode})`);
  if (status.mode !== MODE.shiftOpen) {
    return new FiscalError('busy', {
      outcomeKnown: true,
      retryable: true,
      message: `The device is in mode ${status.mode}.${status.modeStatus}, not ready for a receipt`,
    });
  }
  return undefined;
}

export function refused(code: FiscalErrorCode, message: string): FiscalError {
  return new FiscalError(code, {
    outcomeKnown: true,
    retryable: false,
    message: `Refused before sending: ${message}`,
  });
}

export interface StatusParts {
  short: ShortStatus;
  long: LongStatus;
  /** Device name from FCh. */
  model: string;
  fn: FnStatus;
  validUntil: string;
  ofd: OfdExchangeStatus;
  shift: ShiftParameters;
  memory?: FnFreeMemory;
}

export function toRegistrarStatus(parts: StatusParts): RegistrarStatus {
  const { short, long, fn, ofd, shift, memory } = parts;
  const shiftOpen = fn.shiftOpen || short.mode === MODE.shiftOpen || short.mode === MODE.shiftExpired;
  const status: RegistrarStatus = {
    serialNumber: long.serialNumber,
    model: parts.model,
    shift: {
      state: !shiftOpen ? 'closed' : short.mode === MODE.shiftExpired ? 'expired' : 'open',
      number: shift.shiftNumber,
    },
    documentOpen: fn.currentDocument !== 0 || short.mode === MODE.documentOpen,
    paper: paperState(short.submode),
    deviceClock: long.clock,
    fn: {
      number: fn.fnNumber,
      lastFdNumber: fn.lastFdNumber,
      validUntil: parts.validUntil,
      fiscalMode: (fn.phase & 0x0f) === FN_PHASE_FISCAL,
      warnings: {
        replaceUrgently: (fn.warnings & 0x01) !== 0,
        resourceExhausting: (fn.warnings & 0x02) !== 0,
        memoryAlmostFull: (fn.warnings & 0x04) !== 0,
        ofdTimeout: (fn.warnings & 0x08) !== 0,
        criticalError: (fn.warnings & 0x80) !== 0,
      },
    },
    ofd: { unsentCount: ofd.unsentCount },
  };
  if (memory) status.fn.freeDocuments = memory.documentsLeft;
  if (ofd.unsentCount > 0 && ofd.firstUnsentFdNumber > 0) {
    status.ofd.oldestUnsentFdNumber = ofd.firstUnsentFdNumber;
    status.ofd.oldestUnsentTime = ofd.firstUnsentTime;
  }
  return status;
}

export function archiveToResult(document: ArchiveDocument, fnNumber: string): FiscalResult {
  const result: FiscalResult = {
    fnNumber,
    fdNumber: document.fdNumber,
    fiscalSign: String(document.fiscalSign),
    deviceTime: document.dateTime,
    documentType: document.documentType,
  };
  if (document.operation) result.operation = document.operation;
  if (document.totalKopecks !== undefined) result.totalKopecks = document.totalKopecks;
  if (document.shiftNumber !== undefined) result.shiftNumber = document.shiftNumber;
  return result;
}
