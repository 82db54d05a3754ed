// Standard lower level of the Shtrih-M protocol v1.17 (spec §«Стандартный нижний уровень»):
//   STX | LEN | CMD (1 byte, or FF xx) | DATA… | LRC
// LEN counts CMD+DATA only; LRC is the XOR of every byte except STX (LEN..last data byte).
// Pure functions; the stream parser that finds frames in a byte stream is frame-parser.ts.

/** Начало сообщения. */
export const STX = 0x02;
/** Запрос: the host asks the device whether it is idle (NAK) or has an answer (ACK). */
export const ENQ = 0x05;
/** Подтверждение: the message arrived intact. */
export const ACK = 0x06;
/** Отрицание: the message arrived damaged (a transport error, not a refused command). */
export const NAK = 0x15;

/** LEN is one byte, so a message (CMD+DATA) holds at most 255 bytes. */
export const MAX_MESSAGE_LENGTH = 0xff;

export class ShtrihFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShtrihFrameError';
  }
}

/** XOR of the given bytes; pass LEN..last data byte (spec: «все байты сообщения, кроме байта 0»). */
export function lrc(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum ^= byte;
  return sum;
}

/** Wraps a message (CMD + DATA) into a frame: STX LEN message LRC. */
export function encodeFrame(message: Uint8Array): Buffer {
  if (message.length === 0) throw new ShtrihFrameError('empty message: a frame carries at least a command');
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new ShtrihFrameError(`message of ${message.length} bytes does not fit the 1-byte LEN`);
  }
  const frame = Buffer.alloc(message.length + 3);
  frame[0] = STX;
  frame[1] = message.length;
  frame.set(message, 2);
  frame[frame.length - 1] = lrc(frame.subarray(1, frame.length - 1));
  return frame;
}

/** Unwraps one complete frame into its message (CMD + DATA); throws on a bad STX, LEN or LRC. */
export function decodeFrame(frame: Uint8Array): Buffer {
  if (frame.length < 4) throw new ShtrihFrameError(`frame of ${frame.length} bytes is too short`);
  if (frame[0] !== STX) throw new ShtrihFrameError(`frame starts with 0x${hex(frame[0]!)} instead of STX`);
  const length = frame[1]!;
  if (length === 0) throw new ShtrihFrameError('LEN is 0: a frame carries at least a command');
  if (frame.length !== length + 3) {
    throw new ShtrihFrameError(`LEN says ${length} message bytes but the frame holds ${frame.length - 3}`);
  }
  const expected = lrc(frame.subarray(1, frame.length - 1));
  const actual = frame[frame.length - 1]!;
  if (expected !== actual) {
    throw new ShtrihFrameError(`LRC 0x${hex(actual)} does not match the computed 0x${hex(expected)}`);
  }
  return Buffer.from(frame.subarray(2, frame.length - 1));
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
