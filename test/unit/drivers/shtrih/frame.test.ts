import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  lrc,
  ShtrihFrameError,
} from '../../../../drivers/shtrih/protocol/frame.ts';
import { CAPTURE } from './capture.ts';
import { hex, toHex } from './hex.ts';

describe('standard frame codec (spec «Стандартный нижний уровень»)', () => {
  it('computes the LRC over LEN..data, as in the capture', () => {
    expect(lrc(hex('05 10 1E 00 00 00'))).toBe(0x0b);
    expect(lrc(hex('03 88 00 1E'))).toBe(0x95);
  });

  it.each(Object.entries(CAPTURE))('re-encodes the captured frame %s byte for byte', (_name, frame) => {
    const message = decodeFrame(frame);
    expect(message.length).toBe(frame[1]);
    expect(toHex(encodeFrame(message))).toBe(toHex(frame));
  });

  it('encodes the short status request with password 30', () => {
    expect(toHex(encodeFrame(hex('10 1E 00 00 00')))).toBe('02 05 10 1E 00 00 00 0B');
  });

  it('keeps both bytes of a two-byte command in the message', () => {
    expect(toHex(decodeFrame(CAPTURE.fnStatusRequest))).toBe('FF 01 1E 00 00 00');
  });

  it('rejects a frame with a wrong LRC', () => {
    expect(() => decodeFrame(hex('02 05 10 1E 00 00 00 0C'))).toThrow(ShtrihFrameError);
  });

  it('rejects a frame that does not start with STX', () => {
    expect(() => decodeFrame(hex('03 05 10 1E 00 00 00 0B'))).toThrow(/STX/);
  });

  it('rejects a frame whose length disagrees with LEN', () => {
    expect(() => decodeFrame(hex('02 06 10 1E 00 00 00 0B'))).toThrow(/LEN/);
  });

  it('refuses to encode an empty or an oversized message', () => {
    expect(() => encodeFrame(new Uint8Array(0))).toThrow(ShtrihFrameError);
    expect(() => encodeFrame(new Uint8Array(256))).toThrow(ShtrihFrameError);
    expect(encodeFrame(new Uint8Array(255)).length).toBe(258);
  });
});
