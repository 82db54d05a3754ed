// Value encodings of the command layer (spec §«Формат передачи значений»): every number is binary,
// least significant byte first; money is kopecks in 5 bytes; legacy dates are DD MM YY and times HH MM SS;
// FN-era commands carry DATE_TIME as YY MM DD hh mm (FN spec «DATE_TIME») and dates as YY MM DD.
// Written for the simulator independently of the driver's codec, so the two readings check each other.

import type { LocalDateTime } from './clock.ts';
import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';

/** Largest width read or written as a Number: 6 bytes (2^48) stays below 2^53. */
const MAX_NUMBER_WIDTH = 6;

/** A cursor over a request's data; running past the end refuses the command as malformed. */
export class RequestReader {
  private offset = 0;
  private readonly data: Uint8Array;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  /** Unsigned little-endian integer of 1–6 bytes. */
  uint(width: number): number {
    if (width < 1 || width > MAX_NUMBER_WIDTH) throw new RangeError(`cannot read ${width}-byte integer`);
    const bytes = this.bytes(width);
    let value = 0;
    for (let index = width - 1; index >= 0; index--) value = value * 256 + bytes[index]!;
    return value;
  }

  /** True when the next `width` bytes are all 0xFF («значение не задано» in FF46), consuming nothing. */
  peekAllOnes(width: number): boolean {
    if (this.remaining < width) return false;
    for (let index = 0; index < width; index++) if (this.data[this.offset + index] !== 0xff) return false;
    return true;
  }

  bytes(count: number): Uint8Array {
    if (this.remaining < count) {
      throw new DeviceRefusal(
        DeviceErrorCode.badParameters,
        `request is ${this.data.length} bytes, too short`,
      );
    }
    const slice = this.data.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }
}

/** Collects an answer's data fields in order. */
export class AnswerWriter {
  private readonly chunks: Uint8Array[] = [];

  uint(value: number, width: number): this {
    if (!Number.isSafeInteger(value) || value < 0 || value >= 256 ** width) {
      throw new RangeError(`${value} does not fit ${width} unsigned bytes`);
    }
    const bytes = Buffer.alloc(width);
    let rest = value;
    for (let index = 0; index < width; index++) {
      bytes[index] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    this.chunks.push(bytes);
    return this;
  }

  bytes(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    return this;
  }

  /** ASCII text padded with zero bytes (or cut) to a fixed width, as FN numbers and INNs travel. */
  ascii(text: string, width: number): this {
    const bytes = Buffer.alloc(width);
    bytes.write(text.slice(0, width), 'latin1');
    return this.bytes(bytes);
  }

  /** FN DATE_TIME: YY MM DD hh mm. */
  dateTime(local: LocalDateTime): this {
    return this.bytes(Uint8Array.of(local.year % 100, local.month, local.day, local.hour, local.minute));
  }

  /** FN date: YY MM DD (FF03). */
  dateYmd(local: LocalDateTime): this {
    return this.bytes(Uint8Array.of(local.year % 100, local.month, local.day));
  }

  /** Legacy KKT date: DD MM YY (11h). */
  dateDmy(local: LocalDateTime): this {
    return this.bytes(Uint8Array.of(local.day, local.month, local.year % 100));
  }

  /** Legacy KKT time: HH MM SS (11h). */
  time(local: LocalDateTime): this {
    return this.bytes(Uint8Array.of(local.hour, local.minute, local.second));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
