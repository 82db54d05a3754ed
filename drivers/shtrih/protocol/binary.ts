// Field codecs of the Shtrih-M protocol (spec §«Формат передачи значений», §«Разрядность денежных
// величин»): every number is binary little-endian; money is an integer of МДЕ (kopecks), 5 bytes;
// FN-era DATE_TIME is 5 bytes YY MM DD hh mm and the FN date is 3 bytes YY MM DD (FN spec, FF01/FF03);
// legacy commands (11h) send the date as DD MM YY and the time as hh mm ss. All arithmetic stays in
// integers: 6 bytes (2^48) is well inside Number's exact range.

import { FiscalError } from '../../fiscal-error.ts';

/** The default password of the system administrator on Shtrih-M and PAYONLINE-01-ФА (protocols.md §2.1). */
export const DEFAULT_PASSWORD = 30;

/** FF46 sum / tax amount «FF FF FF FF FF»: let the device compute / not given (spec FF46h notes 1–2). */
export const NOT_GIVEN_5 = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]);

/** Writes a non-negative integer as `size` little-endian bytes; refuses values that do not fit. */
export function uintLE(value: number, size: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** (8 * size)) {
    throw new RangeError(`${value} does not fit into ${size} unsigned bytes`);
  }
  const out = Buffer.alloc(size);
  let rest = value;
  for (let index = 0; index < size; index++) {
    out[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}

export function readUIntLE(bytes: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let index = size - 1; index >= 0; index--) value = value * 256 + bytes[offset + index]!;
  return value;
}

/** Passwords are 4-byte integers (sysadmin default 30 → 1E 00 00 00). */
export function password(value: number): Buffer {
  return uintLE(value, 4);
}

/** Money in kopecks, 5 bytes. */
export function money(kopecks: number): Buffer {
  return uintLE(kopecks, 5);
}

/** FF46 quantity: 6 bytes with 6 decimals. toFixed(6) rounds the decimal text, so 1.1 → 1100000 exactly. */
export function quantityMicro(quantity: number): number {
  if (!Number.isFinite(quantity) || quantity <= 0)
    throw new RangeError(`quantity ${quantity} is not positive`);
  return Number(quantity.toFixed(6).replace('.', ''));
}

/** A decoded answer that is shorter than its layout, or otherwise unreadable. */
export function malformedAnswer(command: string, reason: string): FiscalError {
  // The device reported success (error code 0) but its data cannot be read, so what it did is uncertain.
  return new FiscalError('protocol_error', {
    outcomeKnown: false,
    retryable: false,
    command,
    message: `Answer to ${command} is malformed: ${reason}`,
  });
}

/** Sequential reader over the data of an answer (after CMD and the error code). */
export class AnswerReader {
  private offset = 0;
  readonly data: Buffer;
  readonly command: string;

  constructor(data: Buffer, command: string) {
    this.data = data;
    this.command = command;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  bytes(size: number): Buffer {
    if (this.remaining < size) {
      throw malformedAnswer(
        this.command,
        `needs ${size} more bytes at offset ${this.offset}, has ${this.remaining}`,
      );
    }
    const out = this.data.subarray(this.offset, this.offset + size);
    this.offset += size;
    return Buffer.from(out);
  }

  skipBytes(size: number): void {
    this.bytes(size);
  }

  uint(size: number): number {
    return readUIntLE(this.bytes(size), 0, size);
  }

  u8(): number {
    return this.uint(1);
  }

  u16(): number {
    return this.uint(2);
  }

  u32(): number {
    return this.uint(4);
  }

  money(): number {
    return this.uint(5);
  }

  /** ASCII text (FN number, version); trailing NULs and spaces are padding. */
  ascii(size: number): string {
    return this.bytes(size)
      .toString('latin1')
      .replace(/[\0 ]+$/, '');
  }

  /** DATE_TIME (5 bytes YY MM DD hh mm) as local `YYYY-MM-DDTHH:mm`. */
  dateTime(): string {
    const [yy, mm, dd, hh, mi] = this.bytes(5);
    return `${fullYear(yy!)}-${two(mm!)}-${two(dd!)}T${two(hh!)}:${two(mi!)}`;
  }

  /** FN date (3 bytes YY MM DD) as `YYYY-MM-DD`. */
  dateYmd(): string {
    const [yy, mm, dd] = this.bytes(3);
    return `${fullYear(yy!)}-${two(mm!)}-${two(dd!)}`;
  }

  /** Legacy date (3 bytes DD MM YY) as `YYYY-MM-DD`. */
  dateDmy(): string {
    const [dd, mm, yy] = this.bytes(3);
    return `${fullYear(yy!)}-${two(mm!)}-${two(dd!)}`;
  }

  /** Legacy time (3 bytes hh mm ss) as `HH:mm:ss`. */
  timeHms(): string {
    const [hh, mi, ss] = this.bytes(3);
    return `${two(hh!)}:${two(mi!)}:${two(ss!)}`;
  }
}

function fullYear(yy: number): number {
  return 2000 + yy;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}
