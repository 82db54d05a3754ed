// Test helper: byte strings written the way captures and the spec print them ("02 05 10 1E 00 00 00 0B").

export function hex(text: string): Buffer {
  const clean = text.replace(/[\s|]+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not a hex byte string: ${text}`);
  return Buffer.from(clean, 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
}
