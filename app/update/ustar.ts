// The few lines of POSIX ustar that an update bundle needs: regular files only, short names, written
// by sign-update.ts and read by the box. A standard container on purpose: an operator can look into a
// bundle with `tar tvf x.kbupdate`, and the root installer (systemd/kassabox-update.sh) lists and
// extracts it with GNU tar. Format: POSIX.1-1988 ustar header, 512-byte blocks, two zero blocks at the end
// (https://www.gnu.org/software/tar/manual/html_node/Standard.html).
import { open } from 'node:fs/promises';

export const BLOCK = 512;

/** The 512-byte header of one regular file. */
export function ustarHeader(name: string, size: number, mtimeSeconds: number): Buffer {
  if (Buffer.byteLength(name) > 99 || name.includes('/'))
    throw new Error(`tar member name too long or nested: ${name}`);
  const header = Buffer.alloc(BLOCK, 0);
  header.write(name, 0, 'utf8');
  header.write('0000644\0', 100, 'ascii'); // mode
  header.write('0000000\0', 108, 'ascii'); // uid
  header.write('0000000\0', 116, 'ascii'); // gid
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write(`${Math.floor(mtimeSeconds).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  header.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  header.write('0', 156, 'ascii'); // typeflag: regular file
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write('root', 265, 'ascii');
  header.write('root', 297, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** Zero bytes that fill a member of `size` bytes up to a whole block. */
export function ustarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);
}

export const USTAR_END = Buffer.alloc(2 * BLOCK, 0);

export interface TarMember {
  name: string;
  /** Where the member's data starts in the file. */
  offset: number;
  size: number;
}

export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

/**
 * The members of a tar file on disk, read header by header (the data is never loaded: a bundle holds a
 * ~110 MB executable and the box has 1 GB). Anything but a regular file is refused, and so is a member
 * that runs past the end of the file (a truncated upload).
 */
export async function listTar(file: string): Promise<TarMember[]> {
  const handle = await open(file, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const members: TarMember[] = [];
    const header = Buffer.alloc(BLOCK);
    let position = 0;
    for (;;) {
      if (position + BLOCK > fileSize) {
        throw new TarFormatError(
          `the file ends after ${fileSize} bytes, before the end-of-archive marker (truncated?)`,
        );
      }
      await handle.read(header, 0, BLOCK, position);
      if (header.every((byte) => byte === 0)) return members;
      if (header.toString('ascii', 257, 262) !== 'ustar') {
        throw new TarFormatError(`no ustar header at byte ${position}: not a bundle, or damaged`);
      }
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
      const stored = Number.parseInt(header.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8);
      if (stored !== sum) throw new TarFormatError(`the tar header at byte ${position} has a wrong checksum`);
      const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const type = header.toString('ascii', 156, 157);
      if (type !== '0' && type !== '\0') {
        throw new TarFormatError(
          `the member ${JSON.stringify(name)} is not a regular file (type ${JSON.stringify(type)})`,
        );
      }
      const size = Number.parseInt(header.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim(), 8);
      if (!Number.isSafeInteger(size) || size < 0)
        throw new TarFormatError(`the member ${name} has no valid size`);
      const offset = position + BLOCK;
      if (offset + size > fileSize) {
        throw new TarFormatError(
          `the member ${name} needs ${size} bytes but the file ends after ${fileSize - offset} (truncated upload?)`,
        );
      }
      members.push({ name, offset, size });
      position = offset + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    }
  } finally {
    await handle.close();
  }
}

/** A member's bytes, for the small ones (the manifest and its signature). */
export async function readMember(file: string, member: TarMember, maxBytes: number): Promise<Buffer> {
  if (member.size > maxBytes)
    throw new TarFormatError(`the member ${member.name} is larger than ${maxBytes} bytes`);
  const handle = await open(file, 'r');
  try {
    const data = Buffer.alloc(member.size);
    await handle.read(data, 0, member.size, member.offset);
    return data;
  } finally {
    await handle.close();
  }
}
