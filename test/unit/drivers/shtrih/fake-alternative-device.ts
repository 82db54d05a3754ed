// A scripted device speaking the alternative lower level (v2): it executes a request only when its NUM
// is the last answered NUM + 1 and otherwise repeats its last answer (spec «Синхронизация пакетов»).

import { encodeFrameV2, type PacketV2 } from '../../../../drivers/shtrih/protocol/frame-v2.ts';
import { FrameV2Parser } from '../../../../drivers/shtrih/protocol/frame-v2-parser.ts';
import { FakeConnection } from './fake-connection.ts';

export class FakeAlternativeDevice {
  readonly executed: Buffer[] = [];
  lastNum: number;
  private lastAnswer: Buffer | undefined;
  /** Execute the next request but drop its answer. */
  dropNextAnswer = false;
  /** Execute the next request, then close the connection without answering. */
  closeAfterNext = false;
  /** Execute the next request, lose power before answering (forgets NUM and answer). */
  restartAfterNext = false;
  /** Ignore everything. */
  mute = false;
  private readonly respond: (message: Buffer) => Buffer;

  constructor(respond: (message: Buffer) => Buffer, lastNum = 0, lastAnswer?: Buffer) {
    this.respond = respond;
    this.lastNum = lastNum;
    this.lastAnswer = lastAnswer;
  }

  /** Power cycle: the device forgets its last answer and counts from 0 again. */
  restart(): void {
    this.lastNum = 0;
    this.lastAnswer = undefined;
  }

  connection(): FakeConnection {
    const parser = new FrameV2Parser();
    return new FakeConnection((bytes, connection) => {
      for (const token of parser.push(bytes)) {
        if (token.kind === 'packet') this.onPacket(token.packet, connection);
      }
    });
  }

  private onPacket(packet: PacketV2, connection: FakeConnection): void {
    if (this.mute) return;
    const inSync =
      packet.num !== undefined && packet.num === (this.lastNum + 1) % 65536 && packet.data.length > 0;
    if (inSync) {
      this.executed.push(packet.data);
      this.lastNum = packet.num!;
      this.lastAnswer = this.respond(packet.data);
      if (this.closeAfterNext) {
        this.closeAfterNext = false;
        setTimeout(() => connection.deviceClose(), 1);
        return;
      }
      if (this.restartAfterNext) {
        this.restartAfterNext = false;
        this.restart();
        return;
      }
      if (this.dropNextAnswer) {
        this.dropNextAnswer = false;
        return;
      }
    }
    connection.send(encodeFrameV2({ num: this.lastNum, data: this.lastAnswer ?? Buffer.alloc(0) }));
  }
}
