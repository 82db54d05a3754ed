import { describe, expect, it } from 'vitest';
import { readQr } from '../../../test/qr-reader.ts';
import { modulePath, parseReceiptQr, QUIET_ZONE, qrSymbol } from './qr.ts';

const FNS_QR = 't=20261122T2118&s=1500.00&fn=9999078900012345&i=1234&fp=2871342916&n=1';

function withoutQuietZone(modules: boolean[][]): boolean[][] {
  return modules.slice(QUIET_ZONE, -QUIET_ZONE).map((row) => row.slice(QUIET_ZONE, -QUIET_ZONE));
}

describe('qrSymbol', () => {
  it('encodes the exact FNS string so that an independent reader gets it back', () => {
    const symbol = qrSymbol(FNS_QR);
    const read = readQr(withoutQuietZone(symbol.modules));
    expect(read.text).toBe(FNS_QR);
    expect(read.level).toBe('M');
    expect(read.version).toBe(symbol.version);
  });

  it('is read strictly: one flipped data module fails the Reed–Solomon check', () => {
    const matrix = withoutQuietZone(qrSymbol(FNS_QR).modules);
    const last = matrix.length - 1;
    (matrix[last] as boolean[])[last] = !matrix[last]?.[last];
    expect(() => readQr(matrix)).toThrow(/Reed–Solomon/);
  });

  it('fits a receipt string in a small symbol: version 5, 37 modules + 2×4 quiet zone', () => {
    const symbol = qrSymbol(FNS_QR);
    expect(symbol.version).toBe(5);
    expect(symbol.size).toBe(17 + 4 * 5 + 2 * QUIET_ZONE);
    expect(symbol.modules).toHaveLength(symbol.size);
  });

  it('keeps a quiet zone of four light modules on every side', () => {
    const { modules, size } = qrSymbol(FNS_QR);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inZone = x < QUIET_ZONE || y < QUIET_ZONE || x >= size - QUIET_ZONE || y >= size - QUIET_ZONE;
        if (inZone) expect(modules[y]?.[x], `module ${x},${y}`).toBe(false);
      }
    }
    // The finder pattern's dark corner starts right after the zone.
    expect(modules[QUIET_ZONE]?.[QUIET_ZONE]).toBe(true);
  });

  it('reads back Cyrillic and long strings too (byte mode, several blocks)', () => {
    const text = `Касса офис ${'x'.repeat(120)}`;
    expect(readQr(withoutQuietZone(qrSymbol(text).modules)).text).toBe(text);
  });
});

describe('modulePath', () => {
  it('draws each horizontal run of dark modules as one rectangle', () => {
    expect(
      modulePath([
        [true, true, false, true],
        [false, false, false, false],
        [false, true, true, true],
      ]),
    ).toBe('M0 0h2v1h-2zM3 0h1v1h-1zM1 2h3v1h-3z');
  });

  it('paints exactly the dark modules of the symbol', () => {
    const { modules, path } = qrSymbol(FNS_QR);
    const painted = modules.map((row) => row.map(() => false));
    for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      for (let i = 0; i < Number(w); i++) (painted[Number(y)] as boolean[])[Number(x) + i] = true;
    }
    expect(painted).toEqual(modules);
  });
});

describe('parseReceiptQr', () => {
  it('splits the FNS string into its fields', () => {
    expect(parseReceiptQr(FNS_QR)).toEqual({
      t: '20261122T2118',
      s: '1500.00',
      fn: '9999078900012345',
      i: '1234',
      fp: '2871342916',
      n: '1',
    });
  });

  it('answers null for a string without the receipt fields', () => {
    expect(parseReceiptQr('https://example.org')).toBeNull();
    expect(parseReceiptQr('t=20261122T2118&s=1.00&fn=1&i=&fp=2&n=1')).toBeNull();
  });
});
