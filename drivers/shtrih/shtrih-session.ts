// Runs typed commands over a MessageTransport: sends the request message, checks that the answer
// belongs to the command and carries error code 0 (protocol/answer.ts), and decodes the data.

import { readAnswer } from './protocol/answer.ts';
import type { ShtrihCommand } from './protocol/commands/command.ts';
import type { MessageTransport } from './transport/message-transport.ts';

export class ShtrihSession {
  private readonly transport: MessageTransport;

  constructor(transport: MessageTransport) {
    this.transport = transport;
  }

  async run<T>(command: ShtrihCommand<T>): Promise<T> {
    const answer = await this.transport.exchange(command.message, {
      label: command.label,
      timing: command.timing,
    });
    return command.decode(readAnswer(command.code, answer));
  }
}
