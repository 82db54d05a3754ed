// Decoding a device answer the way ShtrihSession does, for the command encode/decode tests.
import { readAnswer } from '../../../../drivers/shtrih/protocol/answer.ts';
import type { ShtrihCommand } from '../../../../drivers/shtrih/protocol/commands/command.ts';

export function decodeWith<T>(command: ShtrihCommand<T>, answer: Uint8Array): T {
  return command.decode(readAnswer(command.code, answer));
}
