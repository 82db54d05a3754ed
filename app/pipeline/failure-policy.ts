// What a device error means for a job whose outcome is known (the device certainly did nothing):
// either the box can fix the cause itself and try again (shift, open document, busy device, link),
// or a person must act (FN expired or full, OFD block, a refused document) and the job fails visibly.
import { type FiscalErrorCode, isFiscalError } from '../../drivers/fiscal-error.ts';

const RECOVERABLE: ReadonlySet<FiscalErrorCode> = new Set([
  'timeout',
  'connection_lost',
  'busy',
  'shift_expired',
  'shift_closed',
  'shift_open',
  'document_open',
  'paper_out',
  'print_continue_required',
]);

// Refusals that belong to the register's FN, not to the document: another register of the organization
// can still fiscalize the payment.
const REGISTER_FAULTS: ReadonlySet<string> = new Set<FiscalErrorCode>([
  'fn_expired',
  'fn_full',
  'ofd_blocked',
  'bad_password',
]);

export function isRegisterFault(code: string): boolean {
  return REGISTER_FAULTS.has(code);
}

export type FailureVerdict = { kind: 'unknown' } | { kind: 'retry' } | { kind: 'fail' };

export function judgeFailure(error: unknown): FailureVerdict {
  // Anything that is not a driver's statement about the device (a bug, an exception in between) could
  // have happened after the document was closed: only the FN can tell.
  if (!isFiscalError(error) || !error.outcomeKnown) return { kind: 'unknown' };
  if (RECOVERABLE.has(error.code) || error.retryable) return { kind: 'retry' };
  return { kind: 'fail' };
}

export function describeError(error: unknown): { code: string; message: string } {
  if (isFiscalError(error)) {
    const device =
      error.details.deviceCode === undefined
        ? ''
        : ` (device code 0x${error.details.deviceCode.toString(16).padStart(2, '0')}${error.details.command ? ` on ${error.details.command}` : ''})`;
    return { code: error.code, message: `${error.message}${device}` };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Exponential backoff for retries, capped so a recovered device is used again within a minute. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 500 * 2 ** Math.min(attempts, 7));
}
