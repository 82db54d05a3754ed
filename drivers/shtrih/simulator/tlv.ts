// TLV as FFD defines it (appendix 2, table 2): tag UInt16 LE, length UInt16 LE, value. FF0C passes one or
// more top-level TLVs (an STLV's length covers its nested TLVs, which we keep inside its value).

import { decodeCp866 } from '../protocol/text-encoding.ts';
import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';
import type { StoredTlv } from './fn-documents.ts';

const HEADER = 4;

export function parseTlvs(bytes: Uint8Array): StoredTlv[] {
  const tlvs: StoredTlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < HEADER) throw malformed(`${bytes.length - offset} stray bytes`);
    const tag = bytes[offset]! | (bytes[offset + 1]! << 8);
    const length = bytes[offset + 2]! | (bytes[offset + 3]! << 8);
    const end = offset + HEADER + length;
    if (end > bytes.length)
      throw malformed(`tag ${tag} says ${length} bytes, ${bytes.length - offset - 4} left`);
    tlvs.push({ tag, valueHex: Buffer.from(bytes.subarray(offset + HEADER, end)).toString('hex') });
    offset = end;
  }
  if (tlvs.length === 0) throw malformed('no TLV');
  return tlvs;
}

/** The value of a string tag (CP866, FFD's code page), for inspection. */
export function tlvText(tlv: StoredTlv): string {
  return decodeCp866(Buffer.from(tlv.valueHex, 'hex'));
}

function malformed(detail: string): DeviceRefusal {
  return new DeviceRefusal(DeviceErrorCode.badParameters, `TLV: ${detail}`);
}
