// Single-byte Cyrillic code pages used on the wire (protocols.md §2.4): printed text and FF46 names are
// CP1251 (Windows-1251); TLV string values passed with FF0C are CP866, the code page of the FFD
// («Форматы фискальных документов», строки в кодировке CP866). Bytes 0x00–0x7F are ASCII in both.
// The upper halves below are written out from the published code page tables so the driver does not
// depend on which ICU data the Node build carries. Characters a page cannot hold become '?'.

/** CP1251 bytes 0x80–0xFF. 0x98 is unassigned; it decodes to U+0098 as the WHATWG table does. */
const CP1251_HIGH =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏ' +
  'ђ‘’“”•–—\u0098™љ›њќћџ' +
  '\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬\u00ad®Ї' +
  '°±Ііґµ¶·ё№є»јЅѕї' +
  'АБВГДЕЖЗИЙКЛМНОП' +
  'РСТУФХЦЧШЩЪЫЬЭЮЯ' +
  'абвгдежзийклмноп' +
  'рстуфхцчшщъыьэюя';

/** CP866 bytes 0x80–0xFF. */
const CP866_HIGH =
  'АБВГДЕЖЗИЙКЛМНОП' +
  'РСТУФХЦЧШЩЪЫЬЭЮЯ' +
  'абвгдежзийклмноп' +
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' +
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'рстуфхцчшщъыьэюя' +
  'ЁёЄєЇїЎў°∙·√№¤■\u00a0';

const UNMAPPABLE = 0x3f; // '?'

interface CodePage {
  readonly toChar: readonly string[];
  readonly toByte: ReadonlyMap<string, number>;
}

function codePage(high: string): CodePage {
  const chars = [...high];
  if (chars.length !== 128) throw new Error(`code page table has ${chars.length} characters, not 128`);
  const toChar: string[] = [];
  const toByte = new Map<string, number>();
  for (let byte = 0; byte < 0x80; byte++) toChar.push(String.fromCharCode(byte));
  chars.forEach((char, index) => {
    toChar.push(char);
    toByte.set(char, 0x80 + index);
  });
  return { toChar, toByte };
}

const CP1251 = codePage(CP1251_HIGH);
const CP866 = codePage(CP866_HIGH);

function encode(page: CodePage, text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes.push(code < 0x80 ? code : (page.toByte.get(char) ?? UNMAPPABLE));
  }
  return Buffer.from(bytes);
}

function decode(page: CodePage, bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += page.toChar[byte];
  return text;
}

export function encodeCp1251(text: string): Buffer {
  return encode(CP1251, text);
}

export function decodeCp1251(bytes: Uint8Array): string {
  return decode(CP1251, bytes);
}

export function encodeCp866(text: string): Buffer {
  return encode(CP866, text);
}

export function decodeCp866(bytes: Uint8Array): string {
  return decode(CP866, bytes);
}
