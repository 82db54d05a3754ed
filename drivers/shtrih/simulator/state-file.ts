// Optional persistence of the simulated device, so the default device of `make run` survives a restart
// without reusing FD numbers: the FN (counter, archive, shift, OFD queue), the clock offset and the
// settings tables. Saved after every change that matters, atomically (temp file, fsync, rename, fsync of
// the directory), synchronously — before the answer that reports the document leaves, as a real FN has
// written its archive before the KKT answers. A begun document is not saved: after a power cycle the FN
// starts the document over (FN spec «Формирование документа необходимо проводить в едином цикле»).

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FiscalDriveState } from './fn-documents.ts';

export const STATE_FILE_VERSION = 1;

export interface SavedDevice {
  version: number;
  fn: FiscalDriveState;
  clockOffsetMs: number;
  tables: Record<string, string>;
}

/** The saved device, or undefined when there is no file yet. */
export function loadDevice(path: string): SavedDevice | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const saved = JSON.parse(text) as SavedDevice;
  if (saved.version !== STATE_FILE_VERSION) {
    throw new Error(
      `${path}: state file version ${saved.version}, this simulator reads ${STATE_FILE_VERSION}`,
    );
  }
  return saved;
}

export function saveDevice(path: string, device: SavedDevice): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = openSync(temporary, 'w', 0o600);
  try {
    writeSync(file, JSON.stringify(device));
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
  const directory = openSync(dirname(path), 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}
