import { describe, expect, it } from 'vitest';
import {
  decodeCp866,
  decodeCp1251,
  encodeCp866,
  encodeCp1251,
} from '../../../../drivers/shtrih/protocol/text-encoding.ts';
import { toHex } from './hex.ts';

const allHighBytes = Uint8Array.from({ length: 128 }, (_, index) => 0x80 + index);

describe('CP1251', () => {
  it('encodes Cyrillic text with the Windows-1251 byte values', () => {
    expect(toHex(encodeCp1251('Услуги связи №1'))).toBe('D3 F1 EB F3 E3 E8 20 F1 E2 FF E7 E8 20 B9 31');
    expect(toHex(encodeCp1251('Ёё'))).toBe('A8 B8');
  });

  it('matches the WHATWG windows-1251 decoder for every upper byte', () => {
    expect(decodeCp1251(allHighBytes)).toBe(new TextDecoder('windows-1251').decode(allHighBytes));
  });

  it('round-trips every upper byte', () => {
    expect(toHex(encodeCp1251(decodeCp1251(allHighBytes)))).toBe(toHex(allHighBytes));
  });

  it('replaces characters the code page lacks with ?', () => {
    expect(toHex(encodeCp1251('a😀ä'))).toBe('61 3F 3F');
  });
});

describe('CP866', () => {
  it('encodes Cyrillic text with the DOS code page byte values', () => {
    expect(toHex(encodeCp866('Иванов И.И.'))).toBe('88 A2 A0 AD AE A2 20 88 2E 88 2E');
    expect(toHex(encodeCp866('рЁё№'))).toBe('E0 F0 F1 FC');
  });

  it('matches the WHATWG ibm866 decoder for every upper byte', () => {
    expect(decodeCp866(allHighBytes)).toBe(new TextDecoder('ibm866').decode(allHighBytes));
  });

  it('round-trips every upper byte', () => {
    expect(toHex(encodeCp866(decodeCp866(allHighBytes)))).toBe(toHex(allHighBytes));
  });

  it('keeps ASCII (e-mail addresses and phones in tag 1008) unchanged', () => {
    expect(encodeCp866('+79001234567').toString('latin1')).toBe('+79001234567');
  });
});
