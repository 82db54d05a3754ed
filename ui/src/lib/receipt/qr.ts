// The receipt's FNS QR code (t=…&s=…&fn=…&i=…&fp=…&n=…) as one SVG path, drawn from uqr's module matrix.
// One path of horizontal runs instead of a <rect> per module keeps the DOM small and prints crisply.
import { encode } from 'uqr';

/** Light modules around the symbol; ISO/IEC 18004 asks for four so scanners find the finder patterns. */
export const QUIET_ZONE = 4;

export interface QrSymbol {
  /** QR version 1–40 (the symbol is 17 + 4·version modules wide, without the quiet zone). */
  version: number;
  /** Width and height in modules, quiet zone included: the SVG viewBox is 0 0 size size. */
  size: number;
  /** SVG path data of every dark module, one unit per module. */
  path: string;
  /** The module matrix, quiet zone included (true = dark), for tests and other renderers. */
  modules: boolean[][];
}

/**
 * Encodes the text at error correction level M: a thermal-printed or photographed receipt gets smudged,
 * and M still fits a whole FNS string (~80 characters) in version 5, small enough to print at 2 cm.
 */
export function qrSymbol(text: string): QrSymbol {
  const { version, size, data } = encode(text, { ecc: 'M', border: QUIET_ZONE });
  return { version, size, path: modulePath(data), modules: data };
}

/** Path data for the dark modules: each horizontal run of dark modules becomes one rectangle. */
export function modulePath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return parts.join('');
}

/** The fields of an FNS receipt QR string, for people who want to read it next to the code. */
export interface ReceiptQrFields {
  /** Local date and time of the receipt, YYYYMMDDTHHMM[SS]. */
  t: string;
  /** Sum in roubles with two decimals, e.g. 1500.00. */
  s: string;
  fn: string;
  i: string;
  fp: string;
  n: string;
}

/** Splits a QR string into its fields; null when a required one is missing (the string is not an FNS QR). */
export function parseReceiptQr(qr: string): ReceiptQrFields | null {
  const params = new URLSearchParams(qr);
  const fields = { t: '', s: '', fn: '', i: '', fp: '', n: '' };
  for (const key of Object.keys(fields) as (keyof ReceiptQrFields)[]) {
    const value = params.get(key);
    if (value === null || value === '') return null;
    fields[key] = value;
  }
  return fields;
}
