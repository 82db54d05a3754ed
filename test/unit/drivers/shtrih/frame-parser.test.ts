import { describe, expect, it } from 'vitest';
import { FrameParser, type FrameToken } from '../../../../drivers/shtrih/protocol/frame-parser.ts';
import { CAPTURE } from './capture.ts';
import { hex, toHex } from './hex.ts';

function describeTokens(tokens: FrameToken[]): string[] {
  return tokens.map((token) => {
    switch (token.kind) {
      case 'control':
        return `control ${token.byte.toString(16).padStart(2, '0')}`;
      case 'frame':
        return `frame ${toHex(token.message)}`;
      case 'garbage':
        return `garbage ${toHex(token.bytes)}`;
      default:
        return 'bad_frame';
    }
  });
}

describe('FrameParser', () => {
  it('yields a captured answer frame as its message', () => {
    const parser = new FrameParser();
    expect(describeTokens(parser.push(CAPTURE.cancelReceiptAnswer))).toEqual(['frame 88 00 1E']);
  });

  it('reads control bytes between frames', () => {
    const parser = new FrameParser();
    const stream = Buffer.concat([hex('15'), hex('06'), CAPTURE.cancelReceiptAnswer, hex('05')]);
    expect(describeTokens(parser.push(stream))).toEqual([
      'control 15',
      'control 06',
      'frame 88 00 1E',
      'control 05',
    ]);
  });

  it('assembles a frame split into single bytes', () => {
    const parser = new FrameParser();
    const tokens: FrameToken[] = [];
    for (const byte of CAPTURE.fnStatusAnswer) tokens.push(...parser.push(Uint8Array.of(byte)));
    expect(tokens).toHaveLength(1);
    expect(describeTokens(tokens)[0]).toMatch(/^frame FF 01 00 03 /);
    expect(parser.inFrame).toBe(false);
  });

  it('reports garbage before STX once and then resynchronises', () => {
    const parser = new FrameParser();
    const stream = Buffer.concat([hex('FF 41 00'), CAPTURE.cancelReceiptAnswer]);
    expect(describeTokens(parser.push(stream))).toEqual(['garbage FF 41 00', 'frame 88 00 1E']);
  });

  it('treats 0x06 inside a frame as data, not as ACK', () => {
    // FF01 request: LEN is 0x06 — the byte right after STX must not become a control token.
    const parser = new FrameParser();
    expect(describeTokens(parser.push(CAPTURE.fnStatusRequest))).toEqual(['frame FF 01 1E 00 00 00']);
  });

  it('reports a frame with a wrong LRC as bad_frame and parses the next one', () => {
    const parser = new FrameParser();
    const broken = Buffer.from(CAPTURE.cancelReceiptAnswer);
    broken[3] = 0x01; // error code flipped in transit
    const tokens = parser.push(Buffer.concat([broken, CAPTURE.cancelReceiptAnswer]));
    expect(describeTokens(tokens)).toEqual(['bad_frame', 'frame 88 00 1E']);
    expect(tokens[0]).toMatchObject({ kind: 'bad_frame', reason: expect.stringMatching(/LRC/) });
  });

  it('keeps a half frame across pushes and forgets it on reset()', () => {
    const parser = new FrameParser();
    expect(parser.push(CAPTURE.shortStatusAnswerShiftOpen.subarray(0, 7))).toEqual([]);
    expect(parser.inFrame).toBe(true);
    parser.reset();
    expect(parser.inFrame).toBe(false);
    expect(describeTokens(parser.push(CAPTURE.cancelReceiptAnswer))).toEqual(['frame 88 00 1E']);
  });

  it('drops an STX followed by LEN 0 as garbage', () => {
    const parser = new FrameParser();
    const tokens = parser.push(Buffer.concat([hex('02 00'), CAPTURE.cancelReceiptAnswer]));
    expect(describeTokens(tokens)).toEqual(['garbage 02 00', 'frame 88 00 1E']);
  });
});
