// One error class for every driver (ARCHITECTURE §4): a closed set of codes and an explicit statement
// of whether the device is known to have done nothing. outcomeKnown=false is the dangerous case: the
// command may or may not have been executed, and only the FN can tell (rule 1).

export const FISCAL_ERROR_CODES = {
  timeout: 'The device did not answer in time',
  connection_lost: 'The connection to the device was lost or refused',
  protocol_error: 'The device answered bytes that do not follow the protocol',
  device_error: 'The device refused the command',
  busy: 'The device is busy with a previous command',
  shift_expired: 'The shift is older than 24 hours; close it first',
  shift_closed: 'The shift is closed',
  shift_open: 'The shift is already open',
  document_open: 'A fiscal document is open',
  paper_out: 'The printer has no paper',
  print_continue_required: 'The printer waits for the command to continue printing',
  fn_expired: 'The fiscal drive (FN) validity has ended',
  fn_full: 'The fiscal drive (FN) memory or resource is exhausted',
  ofd_blocked: 'The FN refuses documents: the oldest unsent document is older than 30 days',
  bad_password: 'The device rejected the password',
  invalid_document: 'The document is not valid for the device',
  not_found: 'The device has no such data',
} as const;

export type FiscalErrorCode = keyof typeof FISCAL_ERROR_CODES;

export interface FiscalErrorDetails {
  /** Vendor error code as the device sent it, when there was one. */
  deviceCode?: number;
  /** Vendor command the error belongs to, e.g. 'FF45'. */
  command?: string;
  /** The device's own description of its error, when known. */
  deviceMessage?: string;
}

export class FiscalError extends Error {
  readonly code: FiscalErrorCode;
  /** True when the device certainly did not execute the command (it said so, or it never got it). */
  readonly outcomeKnown: boolean;
  /** True when waiting and trying again may help (link problems, busy device). */
  readonly retryable: boolean;
  readonly details: FiscalErrorDetails;

  constructor(
    code: FiscalErrorCode,
    options: { outcomeKnown: boolean; retryable: boolean; message?: string } & FiscalErrorDetails,
  ) {
    const { outcomeKnown, retryable, message, ...details } = options;
    super(message ?? FISCAL_ERROR_CODES[code]);
    this.name = 'FiscalError';
    this.code = code;
    this.outcomeKnown = outcomeKnown;
    this.retryable = retryable;
    this.details = details;
  }
}

export function isFiscalError(error: unknown): error is FiscalError {
  return error instanceof FiscalError;
}
