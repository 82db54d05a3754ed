// The alternative lower level («protocol v2», spec §«Альтернативный нижний уровень», «Синхронизация
// пакетов»). Each request carries NUM16; the device executes it only when NUM = its last answered
// NUM + 1 and otherwise repeats its last answer. So after a lost answer or a dropped connection the
// host re-sends the very same packet until an answer with that NUM arrives — «Получение такого ответа
// означает что команда ККТ была однократно исполнена» (Следствие 1). A ping (LEN16 = 0) returns the
// last answer and thereby the device's NUM.
// One exception makes a re-send unsafe: after a power cycle the device forgets its last answer
// (§«Переключение между протоколами нижнего уровня»). If the device answers with a foreign NUM after
// our packet may already have been executed, the driver stops with outcomeKnown = false instead of
// re-numbering and executing the command a second time.

import { encodeFrameV2, MAX_PACKET_NUMBER, type PacketV2 } from '../protocol/frame-v2.ts';
import { FrameV2Parser, type FrameV2Token } from '../protocol/frame-v2-parser.ts';
import type { Connector } from './byte-connection.ts';
import { type DriverLogger, hexDump, silentLogger, warn } from './driver-logger.ts';
import { answerTimeout, connectionLost, garbled, type LinkErrorContext } from './link-errors.ts';
import {
  answerTimeoutFor,
  DEFAULT_TIMEOUTS,
  type ExchangeOptions,
  type MessageTransport,
  type TransportTimeouts,
} from './message-transport.ts';
import { SerialQueue } from './serial-queue.ts';
import { connectStreamLink, type StreamLink } from './stream-link.ts';

type PacketLink = StreamLink<FrameV2Token>;

export interface AlternativeTransportOptions {
  connector: Connector;
  timeouts?: Partial<TransportTimeouts>;
  logger?: DriverLogger;
  /** Pause before the same packet is sent again (must exceed the device's byte timeout). */
  resendMs?: number;
}

export class AlternativeTransport implements MessageTransport {
  private readonly queue = new SerialQueue();
  private readonly connector: Connector;
  private readonly timeouts: TransportTimeouts;
  private readonly logger: DriverLogger;
  private readonly resendMs: number;
  private link: PacketLink | undefined;
  /** The NUM of the device's last answer, once known. */
  private lastNum: number | undefined;

  constructor(options: AlternativeTransportOptions) {
    this.connector = options.connector;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.logger = options.logger ?? silentLogger;
    this.resendMs = options.resendMs ?? 3000;
  }

  async open(): Promise<void> {
    await this.queue.run(() => this.connect({ command: 'open', outcomeKnown: true }));
  }

  async close(): Promise<void> {
    this.link?.destroy();
    this.link = undefined;
  }

  exchange(message: Buffer, options: ExchangeOptions): Promise<Buffer> {
    return this.queue.run(async () => {
      try {
        return await this.exchangeInSequence(message, options);
      } catch (error) {
        // A connection that failed an exchange may stay mute for good (a half-open socket, a bridge
        // that lost the KKT): start on a fresh one next time, and learn the device's NUM again with a
        // ping, since the device may have executed the failed request after all.
        this.link?.destroy();
        this.link = undefined;
        this.lastNum = undefined;
        throw error;
      }
    });
  }

  private async exchangeInSequence(message: Buffer, options: ExchangeOptions): Promise<Buffer> {
    const context: LinkErrorContext = { command: options.label, outcomeKnown: true };
    let link = await this.connect(context);
    if (this.lastNum === undefined) this.lastNum = await this.ping(link, context);
    let num = next(this.lastNum);
    let packet = encodeFrameV2({ num, data: message });
    const deadline = Date.now() + answerTimeoutFor(this.timeouts, options.timing);
    let sends = 0;
    for (;;) {
      if (!link.isAlive) link = await this.reconnectUntil(deadline, context);
      link.write(packet, context.command);
      sends++;
      context.outcomeKnown = false;
      const answer = await this.awaitPacket(link, Math.min(this.resendMs, deadline - Date.now()));
      if (answer === undefined) {
        if (Date.now() >= deadline) throw answerTimeout(context, 'no answer with our packet number in time');
        continue; // re-send the same NUM: the device answers from its cache if it already executed it
      }
      if (answer.num === num) {
        this.lastNum = num;
        if (answer.data.length === 0) throw garbled(context, 'empty answer packet');
        return answer.data;
      }
      if (answer.num === this.lastNum) continue; // a late duplicate of the previous answer
      if (sends > 1) {
        this.lastNum = undefined;
        throw garbled(context, `device answered NUM ${answer.num} instead of ${num}: it may have restarted`);
      }
      // Out of sync on the first send: the device did not execute it; take its number and send again.
      warn(this.logger, { command: context.command, ours: num, device: answer.num }, 'shtrih v2 resync');
      this.lastNum = answer.num ?? 0;
      num = next(this.lastNum);
      packet = encodeFrameV2({ num, data: message });
      sends = 0;
      context.outcomeKnown = true;
    }
  }

  private async connect(context: LinkErrorContext): Promise<PacketLink> {
    if (this.link?.isAlive) return this.link;
    this.link = await connectStreamLink<FrameV2Token>(
      this.connector,
      {
        parser: new FrameV2Parser(),
        logger: this.logger,
        byteMs: this.timeouts.byteMs,
        cutToken: { kind: 'bad_packet', reason: `no byte for ${this.timeouts.byteMs} ms inside a packet` },
      },
      context,
    );
    return this.link;
  }

  private async reconnectUntil(deadline: number, context: LinkErrorContext): Promise<PacketLink> {
    for (;;) {
      try {
        return await this.connect(context);
      } catch (error) {
        if (Date.now() + this.resendMs >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.resendMs));
      }
    }
  }

  /** Type I ping: the device answers with its last packet, which tells its NUM. */
  private async ping(link: PacketLink, context: LinkErrorContext): Promise<number> {
    link.write(encodeFrameV2({ data: Buffer.alloc(0) }), context.command);
    const answer = await this.awaitPacket(link, this.timeouts.answerMs);
    if (!link.isAlive) throw connectionLost(context, 'closed while synchronising packet numbers');
    if (answer === undefined) throw answerTimeout(context, 'no answer to the v2 ping');
    this.logger.debug({ num: answer.num, last: hexDump(answer.data) }, 'shtrih v2 synchronised');
    return answer.num ?? 0;
  }

  /** The next intact packet, or undefined on timeout or a closed link. */
  private async awaitPacket(link: PacketLink, timeoutMs: number): Promise<PacketV2 | undefined> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      const reply = await link.reader.next(Math.max(0, deadline - Date.now()));
      if (reply.kind !== 'token') return undefined;
      if (reply.token.kind === 'packet') return reply.token.packet;
    }
  }
}

function next(num: number): number {
  return (num + 1) % (MAX_PACKET_NUMBER + 1);
}
