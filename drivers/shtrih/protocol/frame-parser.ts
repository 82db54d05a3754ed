// Stream parser for the standard lower level (spec §«Стандартный нижний уровень»). TCP delivers bytes in
// arbitrary chunks; the parser turns them into tokens and resynchronises on anything unexpected, in the
// manner of zigbee-herdsman's unpi parser. Outside a frame ENQ/ACK/NAK are single-byte control tokens and
// STX starts a frame; any other byte there is garbage. A complete frame with a wrong LRC becomes a
// `bad_frame` token: the receiver must answer NAK and the sender repeats (the spec's recovery path).

import { ACK, ENQ, lrc, NAK, STX } from './frame.ts';

export type FrameToken =
  | { kind: 'control'; byte: number }
  | { kind: 'frame'; message: Buffer }
  | { kind: 'bad_frame'; reason: string }
  | { kind: 'garbage'; bytes: Buffer };

const CONTROL_BYTES: ReadonlySet<number> = new Set([ENQ, ACK, NAK]);

export class FrameParser {
  /** Bytes of the frame being collected, STX included; empty when outside a frame. */
  private frame: number[] = [];
  /** Garbage collected since the last token, reported as one token instead of byte by byte. */
  private garbage: number[] = [];

  push(chunk: Uint8Array): FrameToken[] {
    const tokens: FrameToken[] = [];
    for (const byte of chunk) {
      if (this.frame.length > 0) {
        this.collectFrameByte(byte, tokens);
      } else if (byte === STX) {
        this.flushGarbage(tokens);
        this.frame.push(byte);
      } else if (CONTROL_BYTES.has(byte)) {
        this.flushGarbage(tokens);
        tokens.push({ kind: 'control', byte });
      } else {
        this.garbage.push(byte);
      }
    }
    this.flushGarbage(tokens);
    return tokens;
  }

  /** Forget a half-received frame (after a timeout or a reconnect). */
  reset(): void {
    this.frame = [];
    this.garbage = [];
  }

  /** True while a frame has started but not ended, so a byte timeout can tell it was cut. */
  get inFrame(): boolean {
    return this.frame.length > 0;
  }

  private collectFrameByte(byte: number, tokens: FrameToken[]): void {
    const frame = this.frame;
    if (frame.length === 1 && byte === 0) {
      // LEN 0 cannot be a frame (there is always a command byte): the STX was noise; rescan this byte.
      this.frame = [];
      this.garbage.push(STX);
      this.garbage.push(byte);
      return;
    }
    frame.push(byte);
    const length = frame[1];
    if (length === undefined || frame.length < length + 3) return;
    this.frame = [];
    const body = Uint8Array.from(frame.slice(1, frame.length - 1));
    const expected = lrc(body);
    if (expected !== byte) {
      tokens.push({
        kind: 'bad_frame',
        reason: `LRC 0x${hex(byte)} does not match the computed 0x${hex(expected)}`,
      });
      return;
    }
    tokens.push({ kind: 'frame', message: Buffer.from(body.subarray(1)) });
  }

  private flushGarbage(tokens: FrameToken[]): void {
    if (this.garbage.length === 0) return;
    tokens.push({ kind: 'garbage', bytes: Buffer.from(this.garbage) });
    this.garbage = [];
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
