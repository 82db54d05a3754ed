// Alternative lower level of the Shtrih-M protocol v1.17 (spec §«Альтернативный нижний уровень»,
// «Логический формат пакетов» and «Физический формат пакетов»):
//   logical:  STX(8F) | LEN16 LE | NUM16 LE | DATA… | CRC16 LE
//   LEN16 counts NUM16+DATA: 0 = empty ping without a number (type I), 2 = empty packet with a number
//   (type II), ≥3 = data packet (type III); 1 is invalid.
//   CRC16-CCITT (poly 0x1021, init 0xFFFF) covers LEN16, NUM16 and DATA.
//   physical: everything after STX is byte-stuffed so that 8F appears only as the start of a packet:
//   8F → 9F 81, 9F → 9F 83.
// Its point is idempotent retries: the device executes a request only when NUM is its last answered
// NUM + 1 and otherwise repeats its last answer (§«Синхронизация пакетов»).

import { ShtrihFrameError } from './frame.ts';

export const STX_V2 = 0x8f;
export const ESC_V2 = 0x9f;
/** ESC TSTX stands for a data byte 8F. */
export const TSTX_V2 = 0x81;
/** ESC TESC stands for a data byte 9F. */
export const TESC_V2 = 0x83;

export const MAX_PACKET_NUMBER = 0xffff;

/** One logical packet. `num` is absent only for the type I ping (LEN16 = 0). */
export interface PacketV2 {
  num?: number;
  data: Buffer;
}

/** CRC-16 CCITT exactly as the spec's reference routine UpdateCrc16 computes it (init 0xFFFF). */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    let next = ((crc >> 8) | (crc << 8)) & 0xffff;
    next ^= byte;
    next ^= (next & 0xff) >> 4;
    next ^= (next << 12) & 0xffff;
    next ^= ((next & 0xff) << 5) & 0xffff;
    crc = next;
  }
  return crc;
}

/** Builds the logical packet body LEN16 NUM16 DATA CRC16 (everything after STX, before stuffing). */
export function encodeLogicalV2(packet: PacketV2): Buffer {
  const { num, data } = packet;
  if (num === undefined) {
    if (data.length > 0) throw new ShtrihFrameError('a packet with data needs a number');
    return withCrc(Buffer.from([0, 0]));
  }
  if (!Number.isInteger(num) || num < 0 || num > MAX_PACKET_NUMBER) {
    throw new ShtrihFrameError(`packet number ${num} is outside 0…65535`);
  }
  const length = data.length + 2;
  if (length > 0xffff) throw new ShtrihFrameError(`packet of ${data.length} data bytes is too long`);
  const body = Buffer.alloc(4 + data.length);
  body.writeUInt16LE(length, 0);
  body.writeUInt16LE(num, 2);
  body.set(data, 4);
  return withCrc(body);
}

/** Encodes a packet into its physical form: STX followed by the stuffed logical bytes. */
export function encodeFrameV2(packet: PacketV2): Buffer {
  return Buffer.concat([Buffer.of(STX_V2), stuff(encodeLogicalV2(packet))]);
}

/** Decodes one complete physical packet; throws ShtrihFrameError when it is damaged. */
export function decodeFrameV2(frame: Uint8Array): PacketV2 {
  if (frame[0] !== STX_V2) throw new ShtrihFrameError('packet does not start with STX 8F');
  return decodeLogicalV2(unstuff(frame.subarray(1)));
}

/** Checks LEN16 and CRC16 of an unstuffed packet body (LEN16 … CRC16) and splits it. */
export function decodeLogicalV2(body: Uint8Array): PacketV2 {
  const bytes = Buffer.from(body);
  if (bytes.length < 4) throw new ShtrihFrameError(`packet of ${bytes.length} bytes is too short`);
  const length = bytes.readUInt16LE(0);
  if (length === 1) throw new ShtrihFrameError('LEN16 = 1 is invalid (spec, Примечание 1)');
  if (bytes.length !== length + 4) {
    throw new ShtrihFrameError(`LEN16 says ${length} bytes but the packet holds ${bytes.length - 4}`);
  }
  const expected = crc16(bytes.subarray(0, length + 2));
  const actual = bytes.readUInt16LE(length + 2);
  if (expected !== actual) {
    throw new ShtrihFrameError(
      `CRC16 0x${actual.toString(16).padStart(4, '0')} does not match the computed 0x${expected.toString(16).padStart(4, '0')}`,
    );
  }
  if (length === 0) return { data: Buffer.alloc(0) };
  return { num: bytes.readUInt16LE(2), data: Buffer.from(bytes.subarray(4, length + 2)) };
}

/** Direct coding (spec «Таблица кодирования»): 8F → 9F 81, 9F → 9F 83. */
export function stuff(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  for (const byte of bytes) {
    if (byte === STX_V2) out.push(ESC_V2, TSTX_V2);
    else if (byte === ESC_V2) out.push(ESC_V2, TESC_V2);
    else out.push(byte);
  }
  return Buffer.from(out);
}

/** Reverse coding; an ESC not followed by TSTX/TESC, or a bare STX, damages the packet (Примечание 4). */
export function unstuff(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte === STX_V2) throw new ShtrihFrameError('STX 8F inside a packet');
    if (byte !== ESC_V2) {
      out.push(byte);
      continue;
    }
    const next = bytes[++index];
    if (next === TSTX_V2) out.push(STX_V2);
    else if (next === TESC_V2) out.push(ESC_V2);
    else throw new ShtrihFrameError('ESC 9F not followed by 81 or 83');
  }
  return Buffer.from(out);
}

function withCrc(body: Buffer): Buffer {
  const out = Buffer.alloc(body.length + 2);
  body.copy(out);
  out.writeUInt16LE(crc16(body), body.length);
  return out;
}
