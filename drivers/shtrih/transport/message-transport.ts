// What the driver needs from a lower level: send one message (CMD + DATA) and get the answer message
// back. Both the standard level (v1, standard-transport.ts) and the alternative one (v2,
// alternative-transport.ts) implement it; the registrar does not know which one runs.

import type { CommandTiming } from '../protocol/commands/command.ts';

export interface ExchangeOptions {
  /** 'FF45' — for logs and errors. */
  label: string;
  timing: CommandTiming;
}

export interface MessageTransport {
  /** Connect now (otherwise the first exchange connects). Idempotent. */
  open(): Promise<void>;
  /** Drop the connection. Idempotent; never throws. */
  close(): Promise<void>;
  /** Exchanges one message; throws FiscalError for link failures, never for device error codes. */
  exchange(message: Buffer, options: ExchangeOptions): Promise<Buffer>;
}

export interface TransportTimeouts {
  connectMs: number;
  /** Wait for ACK/NAK after a frame or an ENQ (v1), or for the first answer byte before re-sending (v2). */
  ackMs: number;
  /** Longest pause between two bytes of one frame (spec: «тайм-аут ожидания каждого байта»). */
  byteMs: number;
  /** Answer of a query command. */
  answerMs: number;
  /** Answer of a command that prints or forms an FN document; the spec says it «может достигать нескольких минут». */
  printAnswerMs: number;
}

/** fr_drv_ng connects with timeout=3000, bytetimeout=1500 over TCP (protocols.md §2.1); printing gets a minute. */
export const DEFAULT_TIMEOUTS: TransportTimeouts = {
  connectMs: 3000,
  ackMs: 1500,
  byteMs: 1500,
  answerMs: 10_000,
  printAnswerMs: 60_000,
};

export function answerTimeoutFor(timeouts: TransportTimeouts, timing: CommandTiming): number {
  return timing === 'print' ? timeouts.printAnswerMs : timeouts.answerMs;
}
