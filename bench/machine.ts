// Facts about the machine a result came from, so a number is never read without its context: the CPU,
// the Node that ran the box, and above all the filesystem the SQLite file lived on (fsync cost decides
// the accept rate, and /tmp may be a tmpfs that never syncs at all).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

export interface FilesystemFacts {
  /** The mount point that holds the directory. */
  mountPoint: string;
  /** ext4, f2fs, tmpfs, overlay… */
  type: string;
  /** /dev/mmcblk0p2 on a Pi with an SD card. */
  device: string;
}

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryMiB: number;
  node: string;
  platform: string;
  kernel: string;
  dataDir: string;
  filesystem: FilesystemFacts;
  gitCommit: string;
  /**
   * Tracked files outside bench/ with uncommitted changes when the run started: the server runs the
   * working tree, so a non-empty list means the numbers are not exactly those of gitCommit.
   */
  uncommittedOutsideBench: string[];
}

/** The mount that holds `directory`: the longest mount point that is a prefix of its absolute path. */
export function filesystemOf(directory: string): FilesystemFacts {
  const path = resolve(directory);
  let best: FilesystemFacts = { mountPoint: '?', type: 'unknown', device: 'unknown' };
  let mounts: string;
  try {
    mounts = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return best;
  }
  for (const line of mounts.split('\n')) {
    const [device, rawMountPoint, type] = line.split(' ');
    if (device === undefined || rawMountPoint === undefined || type === undefined) continue;
    // /proc/mounts escapes spaces and other special characters as octal.
    const mountPoint = rawMountPoint.replace(/\\(\d{3})/g, (_, octal: string) =>
      String.fromCharCode(Number.parseInt(octal, 8)),
    );
    const inside = mountPoint === '/' || path === mountPoint || path.startsWith(`${mountPoint}/`);
    // Later lines for the same mount point shadow earlier ones (>= keeps the last).
    if (inside && (best.mountPoint === '?' || mountPoint.length >= best.mountPoint.length)) {
      best = { mountPoint, type, device };
    }
  }
  return best;
}

function cpuModel(): string {
  const model = cpus()[0]?.model;
  if (model && model !== 'unknown') return model;
  // ARM kernels (the Pi) often leave the model out of what Node reports; /proc/cpuinfo names the board.
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^(?:Model|model name|Hardware)\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    return 'unknown';
  }
}

function uncommittedOutsideBench(): string[] {
  try {
    const status = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench'],
      { encoding: 'utf8', timeout: 5000 },
    );
    return status
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter((path) => path !== '');
  } catch {
    return [];
  }
}

function kernel(): string {
  try {
    return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

export function machineFacts(dataDir: string): MachineFacts {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    kernel: kernel(),
    dataDir: resolve(dataDir),
    filesystem: filesystemOf(dataDir),
    gitCommit: gitCommit(),
    uncommittedOutsideBench: uncommittedOutsideBench(),
  };
}
