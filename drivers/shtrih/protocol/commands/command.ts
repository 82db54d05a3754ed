// A typed command: the request message (CMD + fields) together with the decoder of its answer data
// and how long the device may take to answer. The transport only moves messages; the session checks
// the answer's command code and error code (../answer.ts) and hands the data to `decode`.

import { type CommandCode, commandLabel, requestMessage } from '../answer.ts';
import type { AnswerReader } from '../binary.ts';
import { password as passwordField } from '../binary.ts';

/**
 * `query` answers at once; `print` prints or forms an FN document first, which the spec warns «может
 * достигать нескольких минут» (§«Стандартный нижний уровень», diagram of the main processes).
 */
export type CommandTiming = 'query' | 'print';

export interface ShtrihCommand<T> {
  readonly code: CommandCode;
  /** 'FF45', '10' — for logs and errors. */
  readonly label: string;
  /** The request message: CMD (1 or 2 bytes) + fields, without STX/LEN/LRC. */
  readonly message: Buffer;
  readonly timing: CommandTiming;
  decode(reader: AnswerReader): T;
}

export function defineCommand<T>(
  code: CommandCode,
  timing: CommandTiming,
  fields: readonly Uint8Array[],
  decode: (reader: AnswerReader) => T,
): ShtrihCommand<T> {
  return { code, label: commandLabel(code), message: requestMessage(code, ...fields), timing, decode };
}

/** Commands whose answer carries nothing but the error code. */
export function noData(): void {}

/** Legacy commands answer «Порядковый номер оператора (1 байт)» after the error code. */
export function operatorNumber(reader: AnswerReader): { operator: number } {
  return { operator: reader.u8() };
}

/** Every command of this driver starts with one 4-byte password field. */
export function passwordFields(password: number, ...fields: Uint8Array[]): Uint8Array[] {
  return [passwordField(password), ...fields];
}
