// Sberbank may want its answer in windows-1251 (research/billing.md §1.2: "UTF-8 or windows-1251").
// Node decodes windows-1251 but cannot encode it, so the table is built once from the decoder: the
// upper half of the code page, byte by byte. Characters outside the code page become "?".
let table: Map<number, number> | undefined;

function encoderTable(): Map<number, number> {
  if (table) return table;
  const decoder = new TextDecoder('windows-1251');
  table = new Map();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const char = decoder.decode(Uint8Array.of(byte));
    if (char !== '\ufffd') table.set(char.codePointAt(0)!, byte);
  }
  return table;
}

export function encodeWindows1251(text: string): Buffer {
  const map = encoderTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes.push(code < 0x80 ? code : (map.get(code) ?? 0x3f));
  }
  return Buffer.from(bytes);
}
