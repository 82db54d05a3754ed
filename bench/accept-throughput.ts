// Benchmark 1: durable accept. 50 billing clients post payments to a real server (node app/main.ts on
// 127.0.0.1, a real SQLite file in WAL with synchronous=FULL). A 201 means the payment and its fiscal
// job were committed, so every accept costs at least one fsync: the result is shown next to the raw
// better-sqlite3 rate of one durable INSERT per transaction on the same disk, the ceiling for this box.
//
// The accept path alone: the server has no register at all, so no fiscal worker runs and nothing
// competes with the HTTP handlers for the event loop or the database. The server is measured as shipped
// and in variants that change one thing each (ACCEPT_VARIANTS: the log level, a V8 flag).
//
// Run alone: node bench/accept-throughput.ts
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ApiClient } from './api-client.ts';
import { createPaymentSource, loginAdmin } from './api-setup.ts';
import { postPayments } from './payment-load.ts';
import { rawDurableInsertRate } from './raw-sqlite-insert.ts';
import { ServerProcess } from './server-process.ts';
import { round, summarize } from './stats.ts';
import { benchDataRoot, envInt, freshDataDir, removeDataDir } from './workspace.ts';

export interface AcceptOptions {
  /** Measured payments per variant. */
  payments: number;
  /** Unmeasured payments first (JIT, page cache, WAL growth). */
  warmup: number;
  clients: number;
  maxSeconds: number;
  /** Names from ACCEPT_VARIANTS. */
  variants: string[];
  rawInserts: number;
}

/** One way of running the server; only one thing differs from `shipped` in each. */
export interface AcceptVariant {
  name: string;
  description: string;
  /** KASSABOX_LOG_LEVEL; the config default (info) when omitted. */
  logLevel?: string;
  /** Extra Node flags for the server process (NODE_OPTIONS). */
  nodeOptions?: string;
}

export const ACCEPT_VARIANTS: readonly AcceptVariant[] = [
  { name: 'shipped', description: 'as configured by default (log level info: a line per request)' },
  { name: 'log-warn', description: 'KASSABOX_LOG_LEVEL=warn: what the request log costs', logLevel: 'warn' },
  {
    name: 'small-young-gen',
    description: 'node --max-semi-space-size=2: what a smaller V8 young generation does to RSS',
    nodeOptions: '--max-semi-space-size=2',
  },
];

export interface AcceptRun {
  variant: string;
  description: string;
  clients: number;
  payments: number;
  seconds: number;
  acceptsPerSecond: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  /** Answers other than 201 (must be 0). */
  failures: number;
  firstError: string | undefined;
  /** Payments the database holds afterwards (warmup + measured). */
  paymentsInDatabase: number;
  serverCpuMsPerAccept: number;
  logBytesPerAccept: number;
  serverRssAfterMiB: number;
  serverPeakRssMiB: number;
}

export interface AcceptResult {
  /** Median of three rounds: the disk of a shared VM is noisy. */
  rawInsertsPerSecond: number;
  rawInsertsPerSecondRounds: number[];
  runs: AcceptRun[];
}

export function acceptOptionsFromEnv(): AcceptOptions {
  return {
    payments: envInt('BENCH_ACCEPT_PAYMENTS', 5000),
    warmup: envInt('BENCH_ACCEPT_WARMUP', 500),
    clients: envInt('BENCH_ACCEPT_CLIENTS', 50),
    maxSeconds: envInt('BENCH_ACCEPT_MAX_SECONDS', 60),
    variants: (process.env.BENCH_ACCEPT_VARIANTS || ACCEPT_VARIANTS.map((v) => v.name).join(','))
      .split(',')
      .map((name) => name.trim()),
    rawInserts: envInt('BENCH_RAW_INSERTS', 3000),
  };
}

const ADMIN_PASSWORD = 'bench-admin-password';
const MIB = 1024;

async function acceptRun(options: AcceptOptions, variant: AcceptVariant): Promise<AcceptRun> {
  const dataDir = freshDataDir('accept');
  const nodeOptions = [process.env.NODE_OPTIONS, variant.nodeOptions].filter(Boolean).join(' ');
  const server = new ServerProcess({
    dataDir,
    simulator: 'off',
    adminPassword: ADMIN_PASSWORD,
    ...(variant.logLevel === undefined ? {} : { logLevel: variant.logLevel }),
    env: { NODE_OPTIONS: nodeOptions },
  });
  try {
    await server.start();
    const api = new ApiClient(server.url, options.clients);
    try {
      const session = await loginAdmin(api, ADMIN_PASSWORD);
      const { token } = await createPaymentSource(api, session);
      const load = { client: api, token, clients: options.clients, maxSeconds: options.maxSeconds };
      await postPayments({ ...load, count: options.warmup, externalIdPrefix: 'warmup' });

      const cpuBefore = server.cpuMs();
      const logBefore = server.logBytes;
      const result = await postPayments({ ...load, count: options.payments, externalIdPrefix: 'bench' });
      const cpuMs = server.cpuMs() - cpuBefore;
      const logBytes = server.logBytes - logBefore;
      const memory = server.memory();
      const accepted = result.latenciesMs.length;
      const latency = summarize(result.latenciesMs);

      // A second connection reads what was committed: every 201 must be in the file.
      const db = new Database(join(dataDir, 'kassabox.sqlite'), { readonly: true });
      const paymentsInDatabase = (db.prepare('SELECT count(*) FROM payment').pluck().get() as number) ?? 0;
      db.close();

      return {
        variant: variant.name,
        description: variant.description,
        clients: options.clients,
        payments: accepted,
        seconds: round(result.seconds),
        acceptsPerSecond: round(accepted / result.seconds, 0),
        medianMs: latency.medianMs,
        p99Ms: latency.p99Ms,
        maxMs: latency.maxMs,
        failures: result.sent - accepted,
        firstError: result.firstError,
        paymentsInDatabase,
        serverCpuMsPerAccept: round(cpuMs / Math.max(1, accepted), 3),
        logBytesPerAccept: round(logBytes / Math.max(1, accepted), 0),
        serverRssAfterMiB: round(memory.rssKiB / MIB, 1),
        serverPeakRssMiB: round(memory.hwmKiB / MIB, 1),
      };
    } finally {
      api.close();
    }
  } finally {
    await server.stop();
    removeDataDir(dataDir);
  }
}

export async function runAcceptBenchmark(options: AcceptOptions): Promise<AcceptResult> {
  const rawRounds = [1, 2, 3].map(
    () => rawDurableInsertRate(benchDataRoot(), options.rawInserts).insertsPerSecond,
  );
  const rawInsertsPerSecond = [...rawRounds].sort((a, b) => a - b)[1]!;
  const runs: AcceptRun[] = [];
  for (const name of options.variants) {
    const variant = ACCEPT_VARIANTS.find((candidate) => candidate.name === name);
    if (variant === undefined) {
      throw new Error(
        `unknown accept variant "${name}"; known: ${ACCEPT_VARIANTS.map((v) => v.name).join(', ')}`,
      );
    }
    runs.push(await acceptRun(options, variant));
  }
  return { rawInsertsPerSecond, rawInsertsPerSecondRounds: rawRounds, runs };
}

if (import.meta.main) {
  console.log(JSON.stringify(await runAcceptBenchmark(acceptOptionsFromEnv()), null, 2));
}
