// Executes one message (CMD + DATA, the frame's content) against the device: finds the command, checks
// the password, runs the handler and builds the answer. Spec §«Ответы и коды ошибок»: the answer starts
// with the command code and the error code; «Если код ошибки не 0, передается только код команды и код
// ошибки». Two-byte commands are FF xx on the wire and in the answer.

import type { CommandSpec } from './command-spec.ts';
import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';
import type { DeviceState } from './device-state.ts';
import { authorize } from './passwords.ts';
import { AnswerWriter, RequestReader } from './wire-values.ts';

const EXTENDED_PREFIX = 0xff;
const PASSWORD_WIDTH = 4;

export interface Execution {
  /** 0x10, or 0xFF46 for a two-byte command. */
  command: number;
  error: number;
  /** The answer message (CMD + error + data), to be framed by the link. */
  answer: Buffer;
}

export class CommandDispatcher {
  private readonly commands: ReadonlyMap<number, CommandSpec>;
  private readonly device: DeviceState;

  constructor(device: DeviceState, commands: readonly CommandSpec[]) {
    this.device = device;
    this.commands = new Map(commands.map((spec) => [spec.code, spec]));
  }

  /** The command code a message carries (for fault matching before it runs). */
  static commandOf(message: Uint8Array): number {
    const first = message[0] ?? 0;
    if (first === EXTENDED_PREFIX && message.length >= 2) return (EXTENDED_PREFIX << 8) | message[1]!;
    return first;
  }

  execute(message: Uint8Array): Execution {
    const command = CommandDispatcher.commandOf(message);
    const data = message.subarray(command > 0xff ? 2 : 1);
    const spec = this.commands.get(command);
    if (!spec) return this.answer(command, DeviceErrorCode.unsupported);
    try {
      const request = new RequestReader(data);
      const operator = spec.access === 'none' ? 0 : authorize(spec.access, request.uint(PASSWORD_WIDTH));
      const result = spec.run({ device: this.device, operator, request });
      return this.answer(command, 0, result instanceof AnswerWriter ? result.toBuffer() : result);
    } catch (error) {
      if (error instanceof DeviceRefusal) return this.answer(command, error.code);
      throw error;
    }
  }

  private answer(command: number, error: number, data: Uint8Array = new Uint8Array()): Execution {
    const code = command > 0xff ? [EXTENDED_PREFIX, command & 0xff] : [command];
    const body = error === 0 ? data : new Uint8Array();
    return { command, error, answer: Buffer.concat([Uint8Array.from(code), Uint8Array.of(error), body]) };
  }
}
