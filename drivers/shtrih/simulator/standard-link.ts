// The KKT's side of the standard lower level on one connection (spec §«Стандартный нижний уровень» and
// Приложение 2). Every received frame is confirmed with ACK (NAK when its LRC is wrong or no STX was
// recognised — a transport error, not a refused command); then the answer is prepared and sent. The
// answer stays on hand until the host ACKs it: «Если в ответ на сообщение ККТ получен NAK, сообщение не
// повторяется, ККТ ждет уведомления ENQ для повторения ответа». ENQ gets NAK when the KKT waits for a
// command, ACK while it prepares an answer, and ACK followed by the answer again when one is unconfirmed
// (what hosts such as pyshtrih expect after NAK + ENQ). The answer belongs to the connection: after a
// reconnect nothing is pending, as after a power cycle (spec §«Переключение между протоколами»).

import { encodeFrame, ACK as FRAME_ACK, ENQ as FRAME_ENQ, NAK as FRAME_NAK } from '../protocol/frame.ts';
import { FrameParser, type FrameToken } from '../protocol/frame-parser.ts';
import { commandLabel } from './command-spec.ts';
import {
  type CommandExecutor,
  describeEffects,
  type ExecutedCommand,
  hexDump,
  type LinkSocket,
  type SimulatorLog,
  sleep,
} from './link.ts';

type LinkState = 'idle' | 'executing' | 'answer_pending' | 'mute';

const ACK = Uint8Array.of(FRAME_ACK);
const NAK = Uint8Array.of(FRAME_NAK);

export class StandardLink {
  private state: LinkState = 'idle';
  private pendingAnswer: Buffer | undefined;
  private readonly parser = new FrameParser();
  private readonly socket: LinkSocket;
  private readonly device: CommandExecutor;
  private readonly log: SimulatorLog;

  constructor(socket: LinkSocket, device: CommandExecutor, log: SimulatorLog) {
    this.socket = socket;
    this.device = device;
    this.log = log;
  }

  receive(chunk: Uint8Array): void {
    if (this.state === 'mute') return;
    this.log.debug({ rx: hexDump(chunk) }, 'bytes from host');
    for (const token of this.parser.push(chunk)) this.handle(token);
  }

  /** The connection is gone: a delayed answer must not be written any more. */
  detach(): void {
    this.state = 'mute';
  }

  private handle(token: FrameToken): void {
    switch (token.kind) {
      case 'control':
        this.control(token.byte);
        return;
      case 'frame':
        this.frame(token.message);
        return;
      case 'bad_frame':
        this.log.debug({ reason: token.reason }, 'bad frame, NAK');
        this.send(NAK);
        return;
      case 'garbage':
        // «NAK … данные приняты с ошибкой или не распознан STX»; a busy KKT is not listening.
        if (this.state !== 'executing') this.send(NAK);
        return;
    }
  }

  private control(byte: number): void {
    if (byte === FRAME_ENQ) {
      if (this.state === 'idle') this.send(NAK);
      else if (this.state === 'executing') this.send(ACK);
      else if (this.state === 'answer_pending' && this.pendingAnswer) {
        this.send(ACK);
        this.send(this.pendingAnswer);
      }
      return;
    }
    if (byte === FRAME_ACK && this.state === 'answer_pending') {
      this.state = 'idle';
      this.pendingAnswer = undefined;
    }
    // NAK from the host: keep the answer and wait for ENQ.
  }

  private frame(message: Buffer): void {
    if (this.state === 'executing') {
      this.log.warn({ message: hexDump(message) }, 'frame while busy with the previous command, ignored');
      return;
    }
    // A new command also settles an answer the host never confirmed (its ACK timed out).
    this.pendingAnswer = undefined;
    this.send(ACK);
    this.state = 'executing';
    void this.answer(this.device.run(message));
  }

  private async answer(executed: ExecutedCommand): Promise<void> {
    const { effects } = executed;
    this.log.info(
      {
        command: commandLabel(executed.command),
        error: executed.error,
        effects: describeEffects(executed.effects),
      },
      'command executed',
    );
    if (effects.delayMs > 0) await sleep(effects.delayMs);
    if (this.state === 'mute') return;
    if (effects.drop) {
      this.state = 'mute';
      if (effects.drop === 'close') this.socket.close();
      return;
    }
    const frame = encodeFrame(executed.answer);
    this.pendingAnswer = frame;
    this.state = 'answer_pending';
    if (effects.garbageBefore) this.send(effects.garbageBefore);
    this.send(effects.garbageInstead ?? frame);
    if (effects.disconnectAfter) {
      this.state = 'mute';
      this.socket.close();
    }
  }

  private send(bytes: Uint8Array): void {
    this.log.debug({ tx: hexDump(bytes) }, 'bytes to host');
    this.socket.write(bytes);
  }
}
