// FiscalErrors of the link (not of the device). The one thing that matters for the app is
// `outcomeKnown`: true only while the command frame has certainly not been accepted by the device.

import { FiscalError } from '../../fiscal-error.ts';

export interface LinkErrorContext {
  command: string;
  /** False once the device may have accepted the command. */
  outcomeKnown: boolean;
}

export function connectionLost(context: LinkErrorContext, detail: string): FiscalError {
  return new FiscalError('connection_lost', {
    outcomeKnown: context.outcomeKnown,
    retryable: true,
    command: context.command,
    message: `${context.command}: connection lost (${detail})`,
  });
}

export function answerTimeout(context: LinkErrorContext, detail: string): FiscalError {
  return new FiscalError('timeout', {
    outcomeKnown: context.outcomeKnown,
    retryable: true,
    command: context.command,
    message: `${context.command}: ${detail}`,
  });
}

/** Noise, damaged frames or a stale answer on the link: a link problem, so trying again may help. */
export function garbled(context: LinkErrorContext, detail: string): FiscalError {
  return new FiscalError('protocol_error', {
    outcomeKnown: context.outcomeKnown,
    retryable: true,
    command: context.command,
    message: `${context.command}: ${detail}`,
  });
}
