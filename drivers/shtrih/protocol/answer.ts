// Command codes and the generic part of an answer (spec §«Ответы и коды ошибок»): an answer starts with
// the command code it answers (1 byte, or FF xx for the FN-era commands) and an error code; the data
// follows only when the error code is 0.

import { FiscalError } from '../../fiscal-error.ts';
import { AnswerReader } from './binary.ts';
import { deviceError } from './device-errors.ts';

/** Command code as a number: 0x10 for one-byte commands, 0xFF01 for the two-byte FF xx commands. */
export type CommandCode = number;

export function isExtendedCode(code: CommandCode): boolean {
  return code > 0xff;
}

/** 0x10 → '10', 0xFF01 → 'FF01' (how the spec and the logs name a command). */
export function commandLabel(code: CommandCode): string {
  return code
    .toString(16)
    .toUpperCase()
    .padStart(isExtendedCode(code) ? 4 : 2, '0');
}

/** The bytes a message starts with for this command. */
export function commandBytes(code: CommandCode): Buffer {
  return isExtendedCode(code) ? Buffer.from([code >> 8, code & 0xff]) : Buffer.from([code]);
}

/** Builds a request message: command code followed by its fields. */
export function requestMessage(code: CommandCode, ...fields: Uint8Array[]): Buffer {
  return Buffer.concat([commandBytes(code), ...fields]);
}

/** Reads the command code a message (request or answer) starts with. */
export function messageCode(message: Uint8Array): CommandCode | undefined {
  if (message.length === 0) return undefined;
  if (message[0] === 0xff) return message.length >= 2 ? 0xff00 | message[1]! : undefined;
  return message[0];
}

/**
 * Checks that `answer` answers `code` and that its error code is 0; returns a reader over its data.
 * A device error becomes a FiscalError with outcomeKnown = true; an answer to another command or a
 * truncated one is a protocol error with outcomeKnown = false (we cannot tell what the device did).
 */
export function readAnswer(code: CommandCode, answer: Uint8Array): AnswerReader {
  const label = commandLabel(code);
  const answered = messageCode(answer);
  if (answered !== code) {
    const got = answered === undefined ? 'nothing' : commandLabel(answered);
    throw new FiscalError('protocol_error', {
      outcomeKnown: false,
      retryable: false,
      command: label,
      message: `Expected an answer to ${label}, got ${got}`,
    });
  }
  const codeLength = isExtendedCode(code) ? 2 : 1;
  const errorCode = answer[codeLength];
  if (errorCode === undefined) {
    throw new FiscalError('protocol_error', {
      outcomeKnown: false,
      retryable: false,
      command: label,
      message: `Answer to ${label} has no error code`,
    });
  }
  if (errorCode !== 0) throw deviceError(errorCode, label);
  return new AnswerReader(Buffer.from(answer.subarray(codeLength + 1)), label);
}
