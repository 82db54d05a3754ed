// Benchmark 2: what the box itself adds to every receipt. One register talks to a Shtrih simulator that
// answers at once (no print or FN delays), so the time per receipt is the box's own work: the queue
// query, four durable commits, the Shtrih dialogue over TCP and the hash-chained journal entry. A real
// PAYONLINE-01-ФА needs hundreds of ms per receipt to print; this number says how much we add on top.
//
// Payments are accepted first with the register disabled; then the register is enabled and the clock
// runs until the queue is drained. The simulator lives in this (bench) process, the server in its own.
//
// Run alone: node bench/receipt-overhead.ts
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ShtrihSimulator } from '../drivers/shtrih/simulator/shtrih-simulator.ts';
import { ApiClient } from './api-client.ts';
import { createPaymentSource, createRegister, loginAdmin, setRegisterEnabled } from './api-setup.ts';
import { postPayments } from './payment-load.ts';
import { ServerProcess } from './server-process.ts';
import { round, summarize } from './stats.ts';
import { envInt, freshDataDir, removeDataDir } from './workspace.ts';

export interface ReceiptOptions {
  receipts: number;
  maxSeconds: number;
}

export interface ReceiptResult {
  receipts: number;
  /** From enabling the register until the last receipt was in the journal (connect and shift open included). */
  drainSeconds: number;
  receiptsPerSecond: number;
  /** Median time between two consecutive receipts entering the journal: the whole cycle of one receipt. */
  medianMsPerReceipt: number;
  p99MsPerReceipt: number;
  /** Median from the job's pending→sending event to its done event (the receipt dialogue and the commit). */
  medianSendMs: number;
  /** Median cycle over the first and the last tenth of the queue: a growing cost would show a backlog effect. */
  medianMsFirstTenth: number;
  medianMsLastTenth: number;
  serverCpuMsPerReceipt: number;
  simulatorCpuMsPerReceipt: number;
  logBytesPerReceipt: number;
  serverRssAfterMiB: number;
  serverPeakRssMiB: number;
  /** Receipts the simulated FN holds at the end (must equal `receipts`). */
  simulatorReceipts: number;
}

export function receiptOptionsFromEnv(): ReceiptOptions {
  return {
    receipts: envInt('BENCH_RECEIPTS', 1000),
    maxSeconds: envInt('BENCH_RECEIPTS_MAX_SECONDS', 120),
  };
}

const ADMIN_PASSWORD = 'bench-admin-password';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JobEvent {
  jobId: number;
  at: string;
  toState: string;
}

function cycleTimes(events: JobEvent[]): {
  sendMs: number[];
  cycleMs: number[];
} {
  const sendingAt = new Map<number, number>();
  const doneAt: number[] = [];
  const sendMs: number[] = [];
  for (const event of events) {
    const at = Date.parse(event.at);
    if (event.toState === 'sending') sendingAt.set(event.jobId, at);
    if (event.toState === 'done') {
      doneAt.push(at);
      const started = sendingAt.get(event.jobId);
      if (started !== undefined) sendMs.push(at - started);
    }
  }
  const cycleMs = doneAt.slice(1).map((at, i) => at - doneAt[i]!);
  return { sendMs, cycleMs };
}

export async function runReceiptBenchmark(options: ReceiptOptions): Promise<ReceiptResult> {
  const simulator = new ShtrihSimulator({ port: 0 });
  const device = await simulator.start();
  const dataDir = freshDataDir('receipts');
  const server = new ServerProcess({ dataDir, simulator: 'off', adminPassword: ADMIN_PASSWORD });
  let db: Database.Database | undefined;
  try {
    await server.start();
    const api = new ApiClient(server.url, 50);
    try {
      const session = await loginAdmin(api, ADMIN_PASSWORD);
      const { token, organizationId } = await createPaymentSource(api, session);
      const registerId = await createRegister(api, session, { organizationId, ...device, enabled: false });
      const accepted = await postPayments({
        client: api,
        token,
        count: options.receipts,
        clients: 50,
        maxSeconds: options.maxSeconds,
        externalIdPrefix: 'receipt',
      });
      const expected = accepted.latenciesMs.length;
      if (expected !== options.receipts)
        throw new Error(`only ${expected} payments accepted: ${accepted.firstError}`);

      db = new Database(join(dataDir, 'kassabox.sqlite'), { readonly: true });
      const receiptCount = db.prepare('SELECT count(*) FROM receipt').pluck();
      const cpuBefore = server.cpuMs();
      const logBefore = server.logBytes;
      const simulatorCpuBefore = process.cpuUsage();
      const started = performance.now();
      await setRegisterEnabled(api, session, registerId, true);
      const deadline = started + options.maxSeconds * 1000;
      let done = 0;
      while (performance.now() < deadline) {
        done = receiptCount.get() as number;
        if (done >= expected) break;
        await sleep(20);
      }
      const drainSeconds = (performance.now() - started) / 1000;
      if (done < expected)
        throw new Error(`only ${done} of ${expected} receipts after ${options.maxSeconds} s`);
      const serverCpuMs = server.cpuMs() - cpuBefore;
      const simulatorCpu = process.cpuUsage(simulatorCpuBefore);
      const logBytes = server.logBytes - logBefore;
      const memory = server.memory();

      const events = db
        .prepare(
          `SELECT fiscal_job_id AS jobId, at, to_state AS toState FROM fiscal_job_event
           WHERE to_state IN ('sending', 'done') ORDER BY id`,
        )
        .all() as JobEvent[];
      const { sendMs, cycleMs } = cycleTimes(events);
      const tenth = Math.max(1, Math.floor(cycleMs.length / 10));
      const cycles = summarize(cycleMs);
      return {
        receipts: expected,
        drainSeconds: round(drainSeconds),
        receiptsPerSecond: round(expected / drainSeconds, 1),
        medianMsPerReceipt: cycles.medianMs,
        p99MsPerReceipt: cycles.p99Ms,
        medianSendMs: summarize(sendMs).medianMs,
        medianMsFirstTenth: summarize(cycleMs.slice(0, tenth)).medianMs,
        medianMsLastTenth: summarize(cycleMs.slice(-tenth)).medianMs,
        serverCpuMsPerReceipt: round(serverCpuMs / expected, 2),
        simulatorCpuMsPerReceipt: round((simulatorCpu.user + simulatorCpu.system) / 1000 / expected, 2),
        logBytesPerReceipt: round(logBytes / expected, 0),
        serverRssAfterMiB: round(memory.rssKiB / 1024, 1),
        serverPeakRssMiB: round(memory.hwmKiB / 1024, 1),
        simulatorReceipts: simulator.receipts().length,
      };
    } finally {
      api.close();
    }
  } finally {
    db?.close();
    await server.stop();
    await simulator.stop();
    removeDataDir(dataDir);
  }
}

if (import.meta.main) {
  console.log(JSON.stringify(await runReceiptBenchmark(receiptOptionsFromEnv()), null, 2));
}
