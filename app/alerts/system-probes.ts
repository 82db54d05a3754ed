// How full the box is: free space of the data directory and memory available to new work. Injectable
// (AlertSnapshotDeps.probes) so tests can script "disk low" without filling a disk. A probe that cannot
// answer says null and its rule stays silent rather than raising a false alarm.
import { readFileSync, statfsSync } from 'node:fs';
import { freemem } from 'node:os';

export interface SystemProbes {
  diskFreeBytes(): number | null;
  memoryAvailableBytes(): number | null;
}

export function systemProbes(dataDir: string): SystemProbes {
  return {
    diskFreeBytes: () => {
      try {
        const stats = statfsSync(dataDir);
        // bavail, not bfree: the blocks reserved for root are not ours to fill.
        return stats.bavail * stats.bsize;
      } catch {
        return null;
      }
    },
    memoryAvailableBytes: () => memAvailable() ?? freemem(),
  };
}

/** Linux's MemAvailable counts reclaimable cache too; os.freemem() alone would cry wolf on a busy box. */
function memAvailable(): number | null {
  try {
    const match = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
