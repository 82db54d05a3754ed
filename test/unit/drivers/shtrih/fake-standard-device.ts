// A scripted device speaking the standard lower level, for transport and registrar unit tests. It keeps
// the spec's states (idle / holding an answer) and lets a test decide each answer and inject faults.

import { ACK, ENQ, encodeFrame, NAK } from '../../../../drivers/shtrih/protocol/frame.ts';
import { FrameParser } from '../../../../drivers/shtrih/protocol/frame-parser.ts';
import { FakeConnection } from './fake-connection.ts';

export interface DeviceFaults {
  /** NAK the next N command frames. */
  nakCommands?: number;
  /** Corrupt the LRC of the next N answers. */
  corruptAnswers?: number;
  /** Close the connection right after ACKing the next command (the command is executed). */
  closeAfterAck?: boolean;
  /** Execute the next command but never send its answer. */
  swallowAnswer?: boolean;
  /** Do not answer ENQ at all. */
  mute?: boolean;
}

export class FakeStandardDevice {
  /** Messages (CMD + DATA) the device executed, in order. */
  readonly executed: Buffer[] = [];
  faults: DeviceFaults = {};
  /** An answer the device still holds (sent again on ENQ until the host ACKs it). */
  private pending: Buffer | undefined;
  private readonly respond: (message: Buffer) => Buffer;

  constructor(respond: (message: Buffer) => Buffer) {
    this.respond = respond;
  }

  /** Leave an unconfirmed answer in the device, as after a lost link. */
  holdAnswer(answer: Buffer): void {
    this.pending = answer;
  }

  connection(): FakeConnection {
    const parser = new FrameParser();
    return new FakeConnection((bytes, connection) => {
      for (const token of parser.push(bytes)) {
        if (token.kind === 'control' && token.byte === ENQ) this.onEnq(connection);
        else if (token.kind === 'control' && token.byte === ACK) this.pending = undefined;
        else if (token.kind === 'frame') this.onCommand(token.message, connection);
        else if (token.kind === 'bad_frame') connection.send(Uint8Array.of(NAK));
      }
    });
  }

  private onEnq(connection: FakeConnection): void {
    if (this.faults.mute) return;
    if (this.pending) {
      connection.send(Uint8Array.of(ACK));
      this.sendAnswer(this.pending, connection);
    } else {
      connection.send(Uint8Array.of(NAK));
    }
  }

  private onCommand(message: Buffer, connection: FakeConnection): void {
    if (this.faults.nakCommands) {
      this.faults.nakCommands--;
      connection.send(Uint8Array.of(NAK));
      return;
    }
    connection.send(Uint8Array.of(ACK));
    this.executed.push(message);
    this.pending = this.respond(message);
    if (this.faults.closeAfterAck) {
      this.faults.closeAfterAck = false;
      setTimeout(() => connection.deviceClose(), 1);
      return;
    }
    if (this.faults.swallowAnswer) {
      this.faults.swallowAnswer = false;
      return;
    }
    this.sendAnswer(this.pending, connection);
  }

  private sendAnswer(answer: Buffer, connection: FakeConnection): void {
    const frame = encodeFrame(answer);
    if (this.faults.corruptAnswers) {
      this.faults.corruptAnswers--;
      frame[frame.length - 1]! ^= 0xff;
    }
    connection.send(frame);
  }
}
