// Stream parser for the alternative lower level (spec §«Альтернативный нижний уровень»). Un-stuffing is
// done byte by byte as the spec allows («Преобразования могут быть выполнены побайтово»). A packet that
// fails (bad escape, STX inside, LEN16 = 1, CRC mismatch) is reported and dropped — in v2 the host does
// not NAK, it simply repeats its request with the same NUM. A bare STX always starts a new packet, so
// the parser resynchronises on the next 8F.

import { crc16, ESC_V2, type PacketV2, STX_V2, TESC_V2, TSTX_V2 } from './frame-v2.ts';

export type FrameV2Token =
  | { kind: 'packet'; packet: PacketV2 }
  | { kind: 'bad_packet'; reason: string }
  | { kind: 'garbage'; bytes: Buffer };

/** The spec's largest packet is 65540 bytes; a device answer is far smaller, so a lower cap guards noise. */
const DEFAULT_MAX_LENGTH = 0xffff;

export class FrameV2Parser {
  private collecting = false;
  private escaped = false;
  private body: number[] = [];
  private garbage: number[] = [];
  private readonly maxLength: number;

  constructor(options: { maxLength?: number } = {}) {
    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  }

  push(chunk: Uint8Array): FrameV2Token[] {
    const tokens: FrameV2Token[] = [];
    for (const byte of chunk) {
      if (byte === STX_V2) {
        if (this.collecting) tokens.push({ kind: 'bad_packet', reason: 'STX 8F inside a packet' });
        this.flushGarbage(tokens);
        this.startPacket();
      } else if (!this.collecting) {
        this.garbage.push(byte);
      } else {
        this.collect(byte, tokens);
      }
    }
    this.flushGarbage(tokens);
    return tokens;
  }

  /** True while a packet has started but not ended, so a byte timeout can tell it was cut. */
  get inFrame(): boolean {
    return this.collecting;
  }

  reset(): void {
    this.collecting = false;
    this.escaped = false;
    this.body = [];
    this.garbage = [];
  }

  private startPacket(): void {
    this.collecting = true;
    this.escaped = false;
    this.body = [];
  }

  private collect(byte: number, tokens: FrameV2Token[]): void {
    if (this.escaped) {
      this.escaped = false;
      if (byte === TSTX_V2) this.body.push(STX_V2);
      else if (byte === TESC_V2) this.body.push(ESC_V2);
      else {
        this.fail(tokens, `ESC 9F followed by 0x${byte.toString(16)}`);
        return;
      }
    } else if (byte === ESC_V2) {
      this.escaped = true;
      return;
    } else {
      this.body.push(byte);
    }
    this.checkComplete(tokens);
  }

  private checkComplete(tokens: FrameV2Token[]): void {
    const body = this.body;
    if (body.length < 2) return;
    const length = body[0]! | (body[1]! << 8);
    if (length === 1 || length > this.maxLength) {
      this.fail(tokens, length === 1 ? 'LEN16 = 1 is invalid' : `LEN16 ${length} exceeds ${this.maxLength}`);
      return;
    }
    if (body.length < length + 4) return;
    this.collecting = false;
    const bytes = Buffer.from(body);
    const expected = crc16(bytes.subarray(0, length + 2));
    if (bytes.readUInt16LE(length + 2) !== expected) {
      tokens.push({ kind: 'bad_packet', reason: 'CRC16 mismatch' });
      return;
    }
    const packet: PacketV2 =
      length === 0
        ? { data: Buffer.alloc(0) }
        : { num: bytes.readUInt16LE(2), data: Buffer.from(bytes.subarray(4, length + 2)) };
    tokens.push({ kind: 'packet', packet });
  }

  private fail(tokens: FrameV2Token[], reason: string): void {
    this.collecting = false;
    this.escaped = false;
    this.body = [];
    tokens.push({ kind: 'bad_packet', reason });
  }

  private flushGarbage(tokens: FrameV2Token[]): void {
    if (this.garbage.length === 0) return;
    tokens.push({ kind: 'garbage', bytes: Buffer.from(this.garbage) });
    this.garbage = [];
  }
}
