// Benchmark 3: how long the box takes to come up and what it costs in memory at rest. The Pi has 1 GB
// shared with the OS and journald, and systemd restarts the unit after a crash or an update, so both
// the resident set and the time until payments are accepted again matter.
//
// `node app/main.ts` is spawned as the unit runs it: with the embedded simulator off (a real box), on
// (`make run`), and off with NODE_COMPILE_CACHE (a deployment knob: Node keeps the type-stripped and
// compiled modules on disk). The first start is on an empty data directory (migrations, the first
// admin's scrypt hash, the demo setup) and is stopped right after it is ready; the restarts reopen the
// directory, as every restart on a box does. After the last restart the server sits idle, then VmRSS
// (resident now) and VmHWM (the peak) are read from /proc.
//
// Run alone: node bench/startup-memory.ts
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ServerProcess, type StartTimings } from './server-process.ts';
import { round } from './stats.ts';
import { envInt, freePort, freshDataDir, removeDataDir } from './workspace.ts';

export interface StartupOptions {
  /** Restarts on the existing data directory after the first start; the median is reported. */
  restarts: number;
  idleSeconds: number;
}

interface StartupVariant {
  name: string;
  simulator: 'off' | 'embedded';
  compileCache: boolean;
}

export const STARTUP_VARIANTS: readonly StartupVariant[] = [
  { name: 'simulator off', simulator: 'off', compileCache: false },
  { name: 'simulator embedded', simulator: 'embedded', compileCache: false },
  { name: 'simulator off, NODE_COMPILE_CACHE', simulator: 'off', compileCache: true },
];

export interface StartupRun {
  variant: string;
  /** First start, empty data directory: spawn → ready line, spawn → GET /health 200. */
  firstReadyMs: number;
  firstHealthMs: number;
  /** Peak RSS of the first start (the scrypt hash of the first admin's password is in it). */
  firstPeakRssMiB: number;
  /** SIGTERM → exit, sent right after the first start was ready. */
  firstStopMs: number;
  /** Median over the restarts on the existing data directory. */
  restartReadyMs: number;
  restartHealthMs: number;
  idleSeconds: number;
  /** After idleSeconds of the last restart. */
  idleRssMiB: number;
  idlePeakRssMiB: number;
  /** SIGTERM → exit of the last restart, after the idle period. */
  idleStopMs: number;
}

export interface StartupResult {
  /** `node -e 0`: the floor every start pays (median of 3). */
  bareNodeMs: number;
  runs: StartupRun[];
}

export function startupOptionsFromEnv(): StartupOptions {
  return {
    restarts: envInt('BENCH_RESTARTS', 3),
    idleSeconds: envInt('BENCH_IDLE_SECONDS', 10),
  };
}

const ADMIN_PASSWORD = 'bench-admin-password';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (kib: number) => round(kib / 1024, 1);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function bareNodeMs(): number {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    execFileSync(process.execPath, ['-e', '0'], { timeout: 30_000 });
    samples.push(performance.now() - started);
  }
  return round(median(samples), 1);
}

async function startOnce(
  dataDir: string,
  variant: StartupVariant,
): Promise<{ server: ServerProcess; timings: StartTimings }> {
  const server = new ServerProcess({
    dataDir,
    simulator: variant.simulator,
    adminPassword: ADMIN_PASSWORD,
    // A fixed free port, so /health can be polled from the moment of spawn, before the ready line.
    port: await freePort(),
    ...(variant.compileCache ? { env: { NODE_COMPILE_CACHE: join(dataDir, 'compile-cache') } } : {}),
  });
  const timings = await server.start();
  return { server, timings };
}

async function startupRun(options: StartupOptions, variant: StartupVariant): Promise<StartupRun> {
  const dataDir = freshDataDir('startup');
  try {
    const first = await startOnce(dataDir, variant);
    const firstPeak = first.server.memory().hwmKiB;
    const firstStopMs = await first.server.stop();

    const ready: number[] = [];
    const health: number[] = [];
    let last: ServerProcess | undefined;
    try {
      for (let i = 0; i < options.restarts; i++) {
        await last?.stop();
        const restart = await startOnce(dataDir, variant);
        last = restart.server;
        ready.push(restart.timings.readyMs);
        health.push(restart.timings.healthMs ?? 0);
      }
      await sleep(options.idleSeconds * 1000);
      const idle = last!.memory();
      const idleStopMs = await last!.stop();
      return {
        variant: variant.name,
        firstReadyMs: round(first.timings.readyMs, 0),
        firstHealthMs: round(first.timings.healthMs ?? 0, 0),
        firstPeakRssMiB: mib(firstPeak),
        firstStopMs: round(firstStopMs, 0),
        restartReadyMs: round(median(ready), 0),
        restartHealthMs: round(median(health), 0),
        idleSeconds: options.idleSeconds,
        idleRssMiB: mib(idle.rssKiB),
        idlePeakRssMiB: mib(idle.hwmKiB),
        idleStopMs: round(idleStopMs, 0),
      };
    } finally {
      await last?.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
}

export async function runStartupBenchmark(options: StartupOptions): Promise<StartupResult> {
  const runs: StartupRun[] = [];
  for (const variant of STARTUP_VARIANTS) runs.push(await startupRun(options, variant));
  return { bareNodeMs: bareNodeMs(), runs };
}

if (import.meta.main) {
  console.log(JSON.stringify(await runStartupBenchmark(startupOptionsFromEnv()), null, 2));
}
