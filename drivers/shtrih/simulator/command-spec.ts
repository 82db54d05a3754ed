// The shape of one command of the simulated KKT: its code (one byte, or FF xx as 0xFFxx), who may run it
// (the password the spec names in the request) and the handler that turns the request into the answer's
// data. Handlers refuse with DeviceRefusal; the dispatcher turns that into «CMD + код ошибки».

import type { DeviceState } from './device-state.ts';
import type { AnswerWriter, RequestReader } from './wire-values.ts';

/**
 * Who may run a command, by the password the request carries (spec: «Пароль оператора», «администратора
 * или системного администратора», «системного администратора»); `none` for requests without a password.
 */
export type Access = 'none' | 'operator' | 'admin' | 'sysadmin';

export interface CommandContext {
  device: DeviceState;
  /** «Порядковый номер оператора» of the password (1–30), 0 for commands without one. */
  operator: number;
  request: RequestReader;
}

export interface CommandSpec {
  /** 0x10 for a one-byte command, 0xFF46 for FF 46. */
  code: number;
  name: string;
  access: Access;
  /** Returns the answer's data (after the error code), empty when the answer is the error code alone. */
  run(context: CommandContext): AnswerWriter | Uint8Array;
}

export function commandLabel(code: number): string {
  return code > 0xff ? code.toString(16).toUpperCase() : code.toString(16).toUpperCase().padStart(2, '0');
}
