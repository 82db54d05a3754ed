// FF0Ch «Передать произвольную TLV структуру» (spec §«Описание команд»): the document's extra tags go
// to the FN as TLV — tag UInt16 LE, length UInt16 LE, value. String values are CP866, the code page of
// the FFD. At most 250 bytes of TLV per command, so the driver sends one tag per FF0Ch.

import { encodeCp866 } from '../text-encoding.ts';
import { defineCommand, noData, passwordFields, type ShtrihCommand } from './command.ts';

export const WRITE_TLV = 0xff0c;
export const MAX_TLV_BYTES = 250;

/** FFD tags the driver sends, with their maximum lengths (FFD table of tags). */
export const TAG = {
  customerContact: 1008,
  cashierName: 1021,
  cashierInn: 1203,
} as const;

export function tlv(tag: number, value: Uint8Array): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16LE(tag, 0);
  header.writeUInt16LE(value.length, 2);
  return Buffer.concat([header, value]);
}

/** A text tag, CP866, cut to `maxLength` characters. */
export function textTlv(tag: number, text: string, maxLength: number): Buffer {
  return tlv(tag, encodeCp866(text.slice(0, maxLength)));
}

/** 1008: phone (+7…) or e-mail of the customer, up to 64 characters. */
export function customerContactTlv(contact: string): Buffer {
  return textTlv(TAG.customerContact, contact, 64);
}

/** 1021: cashier, up to 64 characters. */
export function cashierNameTlv(name: string): Buffer {
  return textTlv(TAG.cashierName, name, 64);
}

/** 1203: fixed 12 characters; a shorter INN is padded with spaces on the right (FFD, «ИНН … дополняется справа пробелами»). */
export function cashierInnTlv(inn: string): Buffer {
  return textTlv(TAG.cashierInn, inn.padEnd(12, ' '), 12);
}

export function writeTlv(password: number, structure: Uint8Array): ShtrihCommand<void> {
  if (structure.length > MAX_TLV_BYTES) {
    throw new RangeError(`TLV of ${structure.length} bytes exceeds the ${MAX_TLV_BYTES} bytes of FF0C`);
  }
  return defineCommand(WRITE_TLV, 'query', passwordFields(password, structure), noData);
}
