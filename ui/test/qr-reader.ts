// A small, independent QR reader for tests (ISO/IEC 18004, versions 1–10, after Nayuki's reference
// layout): it reads format bits, unmasks, walks the codeword zigzag, checks each block's Reed–Solomon
// code and decodes the numeric/alphanumeric/byte segments. It shares no code with the encoder, so a
// symbol it reads back is one a phone camera would read too.

const ECC_PER_BLOCK: Record<Level, number[]> = {
  L: [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18],
  M: [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26],
  Q: [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24],
  H: [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28],
};
const BLOCKS: Record<Level, number[]> = {
  L: [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4],
  M: [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5],
  Q: [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8],
  H: [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8],
};
// Format bits 14–13 hold the level in this order (L = 01, M = 00, Q = 11, H = 10).
const LEVEL_BY_BITS: Level[] = ['M', 'L', 'H', 'Q'];
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

export type Level = 'L' | 'M' | 'Q' | 'H';
export interface ReadQr {
  text: string;
  version: number;
  level: Level;
  mask: number;
}

/** Reads a symbol given without its quiet zone (matrix[y][x], true = dark). Throws when it cannot. */
export function readQr(matrix: readonly (readonly boolean[])[]): ReadQr {
  const size = matrix.length;
  const version = (size - 17) / 4;
  if (!Number.isInteger(version) || version < 1 || version > 10) throw new Error(`size ${size} unsupported`);
  const at = (x: number, y: number): boolean => matrix[y]?.[x] === true;
  const { level, mask } = readFormat(at);
  const isFunction = functionModules(version, size);
  const bits: number[] = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (isFunction[y]?.[x]) continue;
        bits.push(Number(at(x, y) !== masked(mask, x, y)));
      }
    }
  }
  const codewords: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) {
    codewords.push(bits.slice(i, i + 8).reduce((byte, bit) => (byte << 1) | bit, 0));
  }
  const data = deinterleave(codewords, version, level);
  return { text: decodeSegments(data, version), version, level, mask };
}

function readFormat(at: (x: number, y: number) => boolean): { level: Level; mask: number } {
  let word = 0;
  const put = (bit: number, dark: boolean): void => {
    if (dark) word |= 1 << bit;
  };
  for (let i = 0; i <= 5; i++) put(i, at(8, i));
  put(6, at(8, 7));
  put(7, at(8, 8));
  put(8, at(7, 8));
  for (let i = 9; i < 15; i++) put(i, at(14 - i, 8));
  for (let data = 0; data < 32; data++) {
    if (formatWord(data) === word) {
      return { level: LEVEL_BY_BITS[data >> 3] as Level, mask: data & 7 };
    }
  }
  throw new Error(`format bits ${word.toString(2)} match no level and mask`);
}

function formatWord(data: number): number {
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

function alignmentCentres(version: number, size: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const centres = [6];
  for (let pos = size - 7; centres.length < count; pos -= step) centres.splice(1, 0, pos);
  return centres;
}

function functionModules(version: number, size: number): boolean[][] {
  const f = Array.from({ length: size }, () => Array.from({ length: size }, () => false));
  const mark = (x0: number, y0: number, w: number, h: number): void => {
    for (let y = y0; y < y0 + h; y++) {
      const row = f[y];
      if (row) for (let x = x0; x < x0 + w; x++) row[x] = true;
    }
  };
  mark(0, 0, 9, 9); // finder, separator, format bits
  mark(size - 8, 0, 8, 9);
  mark(0, size - 8, 9, 8);
  mark(6, 0, 1, size); // timing
  mark(0, 6, size, 1);
  const centres = alignmentCentres(version, size);
  const last = centres.length - 1;
  centres.forEach((cy, i) => {
    centres.forEach((cx, j) => {
      const onFinder = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0);
      if (!onFinder) mark(cx - 2, cy - 2, 5, 5);
    });
  });
  if (version >= 7) {
    mark(size - 11, 0, 3, 6);
    mark(0, size - 11, 6, 3);
  }
  return f;
}

function masked(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0:
      return (x + y) % 2 === 0;
    case 1:
      return y % 2 === 0;
    case 2:
      return x % 3 === 0;
    case 3:
      return (x + y) % 3 === 0;
    case 4:
      return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    default:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
  }
}

function deinterleave(codewords: number[], version: number, level: Level): number[] {
  const blockCount = BLOCKS[level][version] as number;
  const eccLen = ECC_PER_BLOCK[level][version] as number;
  const shortLen = Math.floor(codewords.length / blockCount);
  const shortCount = blockCount - (codewords.length % blockCount);
  const dataLens = Array.from({ length: blockCount }, (_, b) => shortLen - eccLen + (b < shortCount ? 0 : 1));
  const blocks = dataLens.map(() => [] as number[]);
  let next = 0;
  for (let i = 0; i < Math.max(...dataLens); i++) {
    blocks.forEach((block, b) => {
      if (i < (dataLens[b] as number)) block.push(codewords[next++] as number);
    });
  }
  const eccs = blocks.map(() => [] as number[]);
  for (let i = 0; i < eccLen; i++) for (const ecc of eccs) ecc.push(codewords[next++] as number);
  blocks.forEach((block, b) => {
    const expected = rsRemainder(block, eccLen).join(',');
    if (expected !== eccs[b]?.join(',')) throw new Error(`block ${b}: Reed–Solomon check failed`);
  });
  return blocks.flat();
}

function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function rsRemainder(data: number[], degree: number): number[] {
  const divisor: number[] = Array.from({ length: degree }, (_, i) => (i === degree - 1 ? 1 : 0));
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      divisor[j] = gfMultiply(divisor[j] as number, root);
      if (j + 1 < degree) divisor[j] = (divisor[j] as number) ^ (divisor[j + 1] as number);
    }
    root = gfMultiply(root, 2);
  }
  const result = Array.from({ length: degree }, () => 0);
  for (const byte of data) {
    const factor = byte ^ (result.shift() as number);
    result.push(0);
    divisor.forEach((coef, i) => {
      result[i] = (result[i] as number) ^ gfMultiply(coef, factor);
    });
  }
  return result;
}

function decodeSegments(data: number[], version: number): string {
  let pos = 0;
  const take = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++, pos++) {
      value = (value << 1) | (((data[pos >> 3] as number) >> (7 - (pos & 7))) & 1);
    }
    return value;
  };
  const small = version < 10;
  let text = '';
  while (pos + 4 <= data.length * 8) {
    const mode = take(4);
    if (mode === 0) break;
    if (mode === 0b0100) {
      const bytes = Array.from({ length: take(small ? 8 : 16) }, () => take(8));
      text += new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } else if (mode === 0b0010) {
      let count = take(small ? 9 : 11);
      for (; count >= 2; count -= 2) {
        const pair = take(11);
        text += ALPHANUMERIC[Math.floor(pair / 45)] + (ALPHANUMERIC[pair % 45] as string);
      }
      if (count === 1) text += ALPHANUMERIC[take(6)];
    } else if (mode === 0b0001) {
      let count = take(small ? 10 : 12);
      for (; count >= 3; count -= 3) text += String(take(10)).padStart(3, '0');
      if (count === 2) text += String(take(7)).padStart(2, '0');
      if (count === 1) text += String(take(4));
    } else {
      throw new Error(`segment mode ${mode} unsupported`);
    }
  }
  return text;
}
