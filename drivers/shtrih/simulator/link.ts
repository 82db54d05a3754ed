// What a lower-level link (standard or alternative) needs from its surroundings: a byte sink for the
// connection, and the device that executes a message and says what the scripted faults do to the answer.

import type { AnswerEffects } from './faults.ts';

export interface LinkSocket {
  write(bytes: Uint8Array): void;
  /** Ends the connection (a fault, or the simulator stopping). */
  close(): void;
}

export interface ExecutedCommand {
  command: number;
  error: number;
  /** The answer message: CMD + error code + data. */
  answer: Buffer;
  effects: AnswerEffects;
}

export interface CommandExecutor {
  run(message: Buffer): ExecutedCommand;
}

/** The subset of a pino logger the simulator writes to. */
export interface SimulatorLog {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const SILENT_LOG: SimulatorLog = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

export function hexDump(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ')
    .toUpperCase();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A short text of what the faults did to an answer, for the log; undefined when nothing. */
export function describeEffects(effects: AnswerEffects): string | undefined {
  const parts: string[] = [];
  if (effects.delayMs) parts.push(`delay ${effects.delayMs} ms`);
  if (effects.garbageBefore) parts.push('garbage before');
  if (effects.garbageInstead) parts.push('garbage instead');
  if (effects.drop) parts.push(`answer dropped, link ${effects.drop === 'close' ? 'closed' : 'silent'}`);
  if (effects.disconnectAfter) parts.push('disconnect after the answer');
  return parts.length > 0 ? parts.join(', ') : undefined;
}
