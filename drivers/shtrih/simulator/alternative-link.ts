// The KKT's side of the alternative lower level (spec §«Альтернативный нижний уровень», «Синхронизация
// пакетов»): a request is executed only when its NUM16 is the last answered number + 1; any other number
// gets the answer to the last executed command again, with that command's number, so a host that repeats
// a request until it sees an answer with the same NUM knows the command ran exactly once. A ping (LEN16 =
// 0) also returns the last answer, or an empty type II packet when nothing was executed yet. Damaged
// packets are dropped silently: the host repeats on its timeout.
//
// The numbering belongs to the device, not to the TCP connection (AlternativeSession), so a host that
// lost the link can reconnect and repeat its request — the point of the protocol. A dropped answer is
// still cached, exactly as a KKT that executed the command but whose answer was lost on the way.

import { encodeFrameV2, MAX_PACKET_NUMBER, type PacketV2 } from '../protocol/frame-v2.ts';
import { FrameV2Parser, type FrameV2Token } from '../protocol/frame-v2-parser.ts';
import { commandLabel } from './command-spec.ts';
import {
  type CommandExecutor,
  describeEffects,
  hexDump,
  type LinkSocket,
  type SimulatorLog,
  sleep,
} from './link.ts';

/** The device-wide state of the alternative level. */
export class AlternativeSession {
  /** Number of the last executed request; 0 before the first (requests start at 1). */
  lastNumber = 0;
  /** Data of the last answer, re-sent to out-of-sequence requests and pings. */
  lastAnswer: Buffer | undefined = undefined;
  /** A request is being executed (delayed answer): repeats are ignored until it is answered. */
  busy = false;
}

export class AlternativeLink {
  private muted = false;
  private readonly parser = new FrameV2Parser();
  private readonly socket: LinkSocket;
  private readonly device: CommandExecutor;
  private readonly session: AlternativeSession;
  private readonly log: SimulatorLog;

  constructor(socket: LinkSocket, device: CommandExecutor, session: AlternativeSession, log: SimulatorLog) {
    this.socket = socket;
    this.device = device;
    this.session = session;
    this.log = log;
  }

  receive(chunk: Uint8Array): void {
    if (this.muted) return;
    this.log.debug({ rx: hexDump(chunk) }, 'bytes from host (v2)');
    for (const token of this.parser.push(chunk)) this.handle(token);
  }

  detach(): void {
    this.muted = true;
  }

  private handle(token: FrameV2Token): void {
    if (token.kind !== 'packet') {
      this.log.debug({ token: token.kind }, 'v2 input dropped');
      return;
    }
    const { packet } = token;
    const session = this.session;
    if (session.busy) return;
    const expected = (session.lastNumber + 1) % (MAX_PACKET_NUMBER + 1);
    if (packet.num === expected && packet.data.length > 0) {
      void this.execute(packet.num, packet.data);
      return;
    }
    this.sendLastAnswer();
  }

  private async execute(num: number, message: Buffer): Promise<void> {
    const session = this.session;
    const executed = this.device.run(message);
    session.lastNumber = num;
    session.lastAnswer = executed.answer;
    const { effects } = executed;
    this.log.info(
      {
        num,
        command: commandLabel(executed.command),
        error: executed.error,
        effects: describeEffects(executed.effects),
      },
      'command executed (v2)',
    );
    if (effects.delayMs > 0) {
      session.busy = true;
      await sleep(effects.delayMs);
      session.busy = false;
    }
    if (this.muted) return;
    if (effects.drop) {
      this.muted = true;
      if (effects.drop === 'close') this.socket.close();
      return;
    }
    if (effects.garbageBefore) this.send(effects.garbageBefore);
    this.send(effects.garbageInstead ?? encodeFrameV2({ num, data: executed.answer }));
    if (effects.disconnectAfter) {
      this.muted = true;
      this.socket.close();
    }
  }

  private sendLastAnswer(): void {
    const { lastAnswer, lastNumber } = this.session;
    const packet: PacketV2 = { num: lastNumber, data: lastAnswer ?? Buffer.alloc(0) };
    this.send(encodeFrameV2(packet));
  }

  private send(bytes: Uint8Array): void {
    this.log.debug({ tx: hexDump(bytes) }, 'bytes to host (v2)');
    this.socket.write(bytes);
  }
}
