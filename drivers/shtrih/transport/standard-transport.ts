// The standard lower level over TCP (spec §«Стандартный нижний уровень», host diagram Приложение 3):
//   1. ENQ: NAK = the device idles, send the command; ACK = it holds or prepares an answer to an earlier
//      command — read that answer, confirm it, log it as stale, and ask again; silence = no link.
//   2. Send the frame and wait for ACK. NAK = it arrived damaged, send again. No reply: ask with ENQ —
//      ACK means the command was taken (read its answer), NAK means it was not (send again).
//   3. Read the answer within the command's timeout and confirm it with ACK; a damaged answer gets NAK
//      and ENQ, after which the device repeats it («ККТ ждет уведомления ENQ для повторения ответа»).
// outcomeKnown stays true until the device may have taken the frame. Any link failure drops the
// connection; the next command connects again.

import type { FiscalError } from '../../fiscal-error.ts';
import { ACK, ENQ, encodeFrame, NAK } from '../protocol/frame.ts';
import { FrameParser, type FrameToken } from '../protocol/frame-parser.ts';
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

type FrameLink = StreamLink<FrameToken>;

export interface StandardTransportOptions {
  connector: Connector;
  timeouts?: Partial<TransportTimeouts>;
  logger?: DriverLogger;
  /** Sends of one frame before giving up (NAK or no ACK); the spec's host diagram uses 10. */
  maxSendTries?: number;
  /** ENQ probes left without any reply before the link counts as down. */
  maxSilentEnq?: number;
  /** Damaged answers (NAK + ENQ) before giving up; the spec's host diagram uses 10. */
  maxBadAnswers?: number;
  /** Stale answers discarded in a row before giving up. */
  maxStaleAnswers?: number;
}

export class StandardTransport implements MessageTransport {
  private readonly queue = new SerialQueue();
  private readonly connector: Connector;
  private readonly timeouts: TransportTimeouts;
  private readonly logger: DriverLogger;
  private readonly maxSendTries: number;
  private readonly maxSilentEnq: number;
  private readonly maxBadAnswers: number;
  private readonly maxStaleAnswers: number;
  private link: FrameLink | undefined;

  constructor(options: StandardTransportOptions) {
    this.connector = options.connector;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.logger = options.logger ?? silentLogger;
    this.maxSendTries = options.maxSendTries ?? 10;
    this.maxSilentEnq = options.maxSilentEnq ?? 3;
    this.maxBadAnswers = options.maxBadAnswers ?? 10;
    this.maxStaleAnswers = options.maxStaleAnswers ?? 3;
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
      const context: LinkErrorContext = { command: options.label, outcomeKnown: true };
      const link = await this.connect(context);
      try {
        await this.waitUntilIdle(link, context);
        const early = await this.sendCommand(link, encodeFrame(message), context);
        return (
          early ?? (await this.readAnswer(link, context, answerTimeoutFor(this.timeouts, options.timing)))
        );
      } catch (error) {
        // The stream is in an unknown state (half a frame, an answer still coming): start clean next time.
        link.destroy();
        if (this.link === link) this.link = undefined;
        throw error;
      }
    });
  }

  private async connect(context: LinkErrorContext): Promise<FrameLink> {
    if (this.link?.isAlive) return this.link;
    this.link = await connectStreamLink<FrameToken>(
      this.connector,
      {
        parser: new FrameParser(),
        logger: this.logger,
        byteMs: this.timeouts.byteMs,
        cutToken: { kind: 'bad_frame', reason: `no byte for ${this.timeouts.byteMs} ms inside a frame` },
      },
      context,
    );
    return this.link;
  }

  /** Step 1: ENQ until the device says NAK (idle), consuming answers it still holds. */
  private async waitUntilIdle(link: FrameLink, context: LinkErrorContext): Promise<void> {
    const leftovers = link.reader.drain();
    if (leftovers.length > 0)
      warn(this.logger, { command: context.command, leftovers }, 'shtrih bytes before ENQ');
    let silent = 0;
    let stale = 0;
    for (;;) {
      link.write(Uint8Array.of(ENQ), context.command);
      const reply = await link.reader.next(this.timeouts.ackMs);
      if (reply.kind === 'closed') throw connectionLost(context, 'closed while waiting for the reply to ENQ');
      if (reply.kind === 'timeout') {
        if (++silent >= this.maxSilentEnq) throw answerTimeout(context, `no reply to ${silent} ENQ`);
        continue;
      }
      const token = reply.token;
      if (token.kind === 'control' && token.byte === NAK) return;
      if (token.kind === 'garbage') continue;
      if (++stale > this.maxStaleAnswers)
        throw garbled(context, 'the device keeps answering an earlier command');
      if (token.kind === 'control' && token.byte === ACK) {
        // The device is preparing an answer to an earlier command (e.g. one whose link was lost).
        const answer = await this.readAnswer(link, context, this.timeouts.printAnswerMs);
        warn(
          this.logger,
          { command: context.command, stale: hexDump(answer) },
          'shtrih stale answer discarded',
        );
      } else if (token.kind === 'frame') {
        link.write(Uint8Array.of(ACK), context.command);
        warn(
          this.logger,
          { command: context.command, stale: hexDump(token.message) },
          'shtrih stale answer discarded',
        );
      } else if (token.kind === 'bad_frame') {
        link.write(Uint8Array.of(NAK), context.command);
      }
    }
  }

  /**
   * Step 2: send the frame until the device takes it. Returns an answer only in the odd case that one
   * arrives instead of ACK (the ACK got lost); normally the answer is read by readAnswer().
   */
  private async sendCommand(
    link: FrameLink,
    frame: Buffer,
    context: LinkErrorContext,
  ): Promise<Buffer | undefined> {
    for (let attempt = 1; attempt <= this.maxSendTries; attempt++) {
      link.write(frame, context.command);
      const verdict = await this.awaitAcceptance(link, context);
      if (verdict === 'rejected') continue;
      context.outcomeKnown = false;
      return typeof verdict === 'object' && verdict.kind === 'answer' ? verdict.message : undefined;
    }
    throw garbled(context, `the device refused the frame ${this.maxSendTries} times (NAK)`);
  }

  private async awaitAcceptance(
    link: FrameLink,
    context: LinkErrorContext,
  ): Promise<'accepted' | 'rejected' | { kind: 'answer'; message: Buffer } | { kind: 'resend_requested' }> {
    for (;;) {
      const reply = await link.reader.next(this.timeouts.ackMs);
      if (reply.kind === 'closed')
        throw this.unknown(context, connectionLost, 'closed after the command was sent');
      if (reply.kind === 'timeout') return this.askAfterSilence(link, context);
      const token = reply.token;
      if (token.kind === 'control' && token.byte === ACK) return 'accepted';
      if (token.kind === 'control' && token.byte === NAK) return 'rejected';
      if (token.kind === 'frame') {
        link.write(Uint8Array.of(ACK), context.command);
        return { kind: 'answer', message: token.message };
      }
      if (token.kind === 'bad_frame') {
        // A damaged answer means the command was taken; ask for the answer again.
        link.write(Uint8Array.of(NAK), context.command);
        link.write(Uint8Array.of(ENQ), context.command);
        return { kind: 'resend_requested' };
      }
      // garbage or a stray ENQ: keep waiting for the acknowledgement.
    }
  }

  /** No ACK in time: ENQ tells whether the device took the command (ACK) or not (NAK). */
  private async askAfterSilence(
    link: FrameLink,
    context: LinkErrorContext,
  ): Promise<'accepted' | 'rejected'> {
    link.write(Uint8Array.of(ENQ), context.command);
    for (;;) {
      const reply = await link.reader.next(this.timeouts.ackMs);
      if (reply.kind === 'closed')
        throw this.unknown(context, connectionLost, 'closed after the command was sent');
      if (reply.kind === 'timeout')
        throw this.unknown(context, answerTimeout, 'no ACK and no reply to ENQ after the command');
      const token = reply.token;
      if (token.kind === 'control' && token.byte === ACK) return 'accepted';
      if (token.kind === 'control' && token.byte === NAK) return 'rejected';
    }
  }

  /** Step 3: the answer frame, confirmed with ACK. */
  private async readAnswer(link: FrameLink, context: LinkErrorContext, timeoutMs: number): Promise<Buffer> {
    let deadline = Date.now() + timeoutMs;
    let badAnswers = 0;
    let garbage = 0;
    for (;;) {
      const reply = await link.reader.next(Math.max(0, deadline - Date.now()));
      if (reply.kind === 'closed') throw connectionLost(context, 'closed while waiting for the answer');
      if (reply.kind === 'timeout') {
        if (garbage > 0) throw garbled(context, `no valid answer within ${timeoutMs} ms, only noise`);
        throw answerTimeout(context, `no answer within ${timeoutMs} ms`);
      }
      const token = reply.token;
      if (token.kind === 'frame') {
        link.write(Uint8Array.of(ACK), context.command);
        return token.message;
      }
      if (token.kind === 'bad_frame') {
        if (++badAnswers > this.maxBadAnswers)
          throw garbled(context, `${badAnswers} damaged answers in a row`);
        link.write(Uint8Array.of(NAK), context.command);
        link.write(Uint8Array.of(ENQ), context.command);
        deadline = Math.max(deadline, Date.now() + this.timeouts.answerMs);
      } else if (token.kind === 'garbage') {
        garbage++;
      }
      // Control bytes here are the device's ACK to our ENQ before it repeats the answer.
    }
  }

  private unknown(
    context: LinkErrorContext,
    make: (context: LinkErrorContext, detail: string) => FiscalError,
    detail: string,
  ): FiscalError {
    context.outcomeKnown = false;
    return make(context, detail);
  }
}
