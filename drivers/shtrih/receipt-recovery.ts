// What the driver does when a receipt dialogue fails half-way (protocols.md §5). The rule: the FN is
// the truth. Before FF45h nothing can be fiscalized, so the receipt is cancelled and the outcome is
// known; a lost FF45h is left to the caller's reconciliation; a refused FF45h is settled by asking the
// FN whether its last FD number grew. A correction receipt (FF35h … FF4Ah) follows the same rules; it
// is begun in the FN only (the KKT stays in mode 2), so it is cancelled with FF08h, not 88h.

import { FiscalError, isFiscalError } from '../fiscal-error.ts';
import type { FiscalResult } from '../fiscal-registrar.ts';
import type { ShtrihCommand } from './protocol/commands/command.ts';
import { cancelFnDocument, cancelReceipt } from './protocol/commands/receipt.ts';
import { type FnStatus, shortStatus } from './protocol/commands/status.ts';
import { MODE } from './registrar-status.ts';
import type { DriverLogger } from './transport/driver-logger.ts';

export interface RecoveryPort {
  password: number;
  logger: DriverLogger;
  run<T>(command: ShtrihCommand<T>): Promise<T>;
  readFnStatus(): Promise<FnStatus>;
  documentByNumber(fdNumber: number): Promise<FiscalResult | undefined>;
}

/** What register() is forming: a receipt (FF46h … FF45h) or a correction receipt (FF35h … FF4Ah). */
export type FormedKind = 'receipt' | 'correction';

/** Device errors of FF45h/FF4Ah that may come after the FN formed the document (the printout failed). */
const PRINT_STAGE_CODES: ReadonlySet<string> = new Set(['paper_out', 'print_continue_required', 'busy']);

/**
 * A step before FF45h/FF4Ah failed: nothing is fiscalized (the close was never sent), but the receipt
 * may be open. Cancel it (88h; FF08h for a begun correction) and report the failure with
 * outcomeKnown = true at the document level.
 */
export async function abandonReceipt(
  port: RecoveryPort,
  error: unknown,
  kind: FormedKind = 'receipt',
): Promise<unknown> {
  if (!isFiscalError(error)) return error;
  const cancelled = await cancelBegun(port, kind);
  return new FiscalError(error.code, {
    outcomeKnown: true,
    retryable: error.retryable,
    ...error.details,
    message: cancelled
      ? `${error.message}; no receipt is left open`
      : `${error.message}; the receipt may still be open (cancelOpenDocument)`,
  });
}

/**
 * FF45h failed. A link failure is left to the caller's reconciliation (undefined: rethrow as is). A
 * device error normally means the FN formed nothing («если на закрытие чека приходит ошибка — значит
 * данные и не попадают в ФН», fr_drv_ng #137), but printer errors can come after the FN did; so the
 * FN's last FD number decides: grown → the formed receipt, else cancel the receipt (undefined).
 */
export async function recoverFailedClose(
  port: RecoveryPort,
  error: unknown,
  lastFdBefore: number,
  kind: FormedKind = 'receipt',
): Promise<FiscalResult | undefined> {
  if (!isFiscalError(error) || !error.outcomeKnown) return undefined;
  const after = await port.readFnStatus().catch(() => undefined);
  if (after === undefined) {
    if (PRINT_STAGE_CODES.has(error.code)) throw uncertain(error);
    return undefined;
  }
  if (after.lastFdNumber > lastFdBefore) {
    port.logger.debug(
      { fd: after.lastFdNumber, error: error.message },
      'shtrih receipt fiscalized despite FF45 error',
    );
    const document = await port.documentByNumber(after.lastFdNumber);
    if (document?.documentType === kind) return document;
    throw uncertain(error);
  }
  await cancelBegun(port, kind);
  return undefined;
}

function cancelBegun(port: RecoveryPort, kind: FormedKind): Promise<boolean> {
  return kind === 'correction' ? cancelFnDocumentIfBegun(port) : cancelReceiptIfOpen(port);
}

/** Best effort: FF08h when the FN reports a begun document; true when none is left begun. */
export async function cancelFnDocumentIfBegun(port: RecoveryPort): Promise<boolean> {
  try {
    if ((await port.readFnStatus()).currentDocument === 0) return true;
  } catch {
    return false;
  }
  return quietly(port, cancelFnDocument(port.password));
}

/** Best effort: 88h when the device shows an open receipt (mode 8); true when none is left open. */
export async function cancelReceiptIfOpen(port: RecoveryPort): Promise<boolean> {
  try {
    const short = await port.run(shortStatus(port.password));
    if (short.mode !== MODE.documentOpen) return true;
  } catch {
    return false;
  }
  return quietly(port, cancelReceipt(port.password));
}

/** Best effort: true when the command went through. Used only on the way out of a failure. */
export async function quietly(port: RecoveryPort, command: ShtrihCommand<unknown>): Promise<boolean> {
  try {
    await port.run(command);
    return true;
  } catch (error) {
    port.logger.debug({ command: command.label, error: (error as Error).message }, 'shtrih cleanup failed');
    return false;
  }
}

function uncertain(error: FiscalError): FiscalError {
  return new FiscalError(error.code, {
    outcomeKnown: false,
    retryable: error.retryable,
    ...error.details,
    message: `${error.message}; whether the FN formed the receipt is unknown — reconcile`,
  });
}
