import { describe, expect, it } from 'vitest';
import { ShtrihFrameError } from '../../../../drivers/shtrih/protocol/frame.ts';
import {
  crc16,
  decodeFrameV2,
  encodeFrameV2,
  stuff,
  unstuff,
} from '../../../../drivers/shtrih/protocol/frame-v2.ts';
import { FrameV2Parser } from '../../../../drivers/shtrih/protocol/frame-v2-parser.ts';
import { hex, toHex } from './hex.ts';

// Real v2 traffic of fr_drv_ng over TCP (github.com/shtrih-m/fr_drv_ng/issues/72, protocols.md §2.3).
const FR_DRV_NG = [
  { frame: '8F 07 00 1B 00 10 1E 00 00 00 2A 68', num: 0x1b, data: '10 1E 00 00 00' },
  {
    frame: '8F 13 00 1B 00 10 00 1E 90 00 02 00 00 00 00 00 00 00 FF FF FF 00 B5 B4',
    num: 0x1b,
    data: '10 00 1E 90 00 02 00 00 00 00 00 00 00 FF FF FF 00',
  },
  { frame: '8F 07 00 04 00 11 1E 00 00 00 E9 7F', num: 0x04, data: '11 1E 00 00 00' },
  { frame: '8F 0B 00 2D 00 1F 1E 00 00 00 0A 01 00 1D 01 99', num: 0x2d, data: '1F 1E 00 00 00 0A 01 00 1D' },
  { frame: '8F 05 00 2D 00 1F 00 02 B7 EE', num: 0x2d, data: '1F 00 02' },
];

describe('CRC16-CCITT of the alternative level', () => {
  it('matches the javapos_shtrih test vectors', () => {
    expect(crc16(hex('00 00'))).toBe(0x1d0f);
    expect(crc16(hex('03 00 06 00 FC'))).toBe(0x63ed);
  });
});

describe('v2 packet codec', () => {
  it.each(FR_DRV_NG)('encodes NUM $num with data $data as the captured $frame', ({ frame, num, data }) => {
    expect(toHex(encodeFrameV2({ num, data: hex(data) }))).toBe(frame);
  });

  it.each(FR_DRV_NG)('decodes the captured $frame', ({ frame, num, data }) => {
    const packet = decodeFrameV2(hex(frame));
    expect(packet.num).toBe(num);
    expect(toHex(packet.data)).toBe(data);
  });

  it('encodes the type I ping as STX 00 00 CRC', () => {
    expect(toHex(encodeFrameV2({ data: Buffer.alloc(0) }))).toBe('8F 00 00 0F 1D');
  });

  it('encodes the type II empty numbered packet with LEN16 = 2', () => {
    const frame = encodeFrameV2({ num: 1, data: Buffer.alloc(0) });
    expect(toHex(frame.subarray(0, 5))).toBe('8F 02 00 01 00');
    expect(decodeFrameV2(frame)).toEqual({ num: 1, data: Buffer.alloc(0) });
  });

  it('stuffs 8F and 9F after STX and restores them', () => {
    expect(toHex(stuff(hex('01 8F 9F 81 83')))).toBe('01 9F 81 9F 83 81 83');
    expect(toHex(unstuff(hex('01 9F 81 9F 83 81 83')))).toBe('01 8F 9F 81 83');
  });

  it('round-trips a packet whose NUM and data contain 8F and 9F (spec example NUM16 = 0x008F)', () => {
    const frame = encodeFrameV2({ num: 0x008f, data: hex('9F') });
    expect(toHex(frame.subarray(0, 6))).toBe('8F 03 00 9F 81 00');
    expect(frame.subarray(1).includes(0x8f)).toBe(false);
    expect(decodeFrameV2(frame)).toEqual({ num: 0x8f, data: hex('9F') });
  });

  it('rejects a bad escape, a bare STX, LEN16 = 1 and a CRC mismatch', () => {
    expect(() => unstuff(hex('9F 00'))).toThrow(ShtrihFrameError);
    expect(() => unstuff(hex('00 8F'))).toThrow(ShtrihFrameError);
    expect(() => decodeFrameV2(hex('8F 01 00 00 00 00'))).toThrow(/LEN16 = 1/);
    expect(() => decodeFrameV2(hex('8F 07 00 1B 00 10 1E 00 00 00 2A 69'))).toThrow(/CRC16/);
  });
});

describe('FrameV2Parser', () => {
  it('assembles a captured answer delivered byte by byte after garbage', () => {
    const parser = new FrameV2Parser();
    const stream = Buffer.concat([hex('00 FF'), hex(FR_DRV_NG[1]!.frame)]);
    const tokens = [...stream].flatMap((byte) => parser.push(Uint8Array.of(byte)));
    expect(tokens.map((token) => token.kind)).toEqual(['garbage', 'garbage', 'packet']);
    expect(tokens[2]).toMatchObject({ kind: 'packet', packet: { num: 0x1b } });
  });

  it('un-stuffs escaped bytes inside a packet', () => {
    const parser = new FrameV2Parser();
    const frame = encodeFrameV2({ num: 0x8f9f, data: hex('8F 9F 10') });
    expect(parser.push(frame)).toEqual([{ kind: 'packet', packet: { num: 0x8f9f, data: hex('8F 9F 10') } }]);
  });

  it('drops a packet with a bad CRC and reads the next one', () => {
    const parser = new FrameV2Parser();
    const stream = hex(`8F 07 00 1B 00 10 1E 00 00 00 2A 69 ${FR_DRV_NG[2]!.frame}`);
    expect(parser.push(stream).map((token) => token.kind)).toEqual(['bad_packet', 'packet']);
  });

  it('restarts on an STX inside a cut packet', () => {
    const parser = new FrameV2Parser();
    const stream = hex(`8F 07 00 1B ${FR_DRV_NG[4]!.frame}`);
    const tokens = parser.push(stream);
    expect(tokens.map((token) => token.kind)).toEqual(['bad_packet', 'packet']);
    expect(tokens[1]).toMatchObject({ packet: { num: 0x2d, data: hex('1F 00 02') } });
  });

  it('reports LEN16 = 1 as soon as it is read', () => {
    const parser = new FrameV2Parser();
    expect(parser.push(hex('8F 01 00'))).toEqual([{ kind: 'bad_packet', reason: 'LEN16 = 1 is invalid' }]);
  });
});
