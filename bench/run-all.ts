// `make bench` / `npm run bench`: runs every benchmark one after the other (they would disturb each
// other in parallel), prints a markdown table and writes bench/results/latest.json and latest.md with
// the machine facts. Sizes come from the environment (see bench/README.md); the defaults take about
// three minutes on a 2-core x86 VM.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type AcceptResult, acceptOptionsFromEnv, runAcceptBenchmark } from './accept-throughput.ts';
import { type MachineFacts, machineFacts } from './machine.ts';
import { type ReceiptResult, receiptOptionsFromEnv, runReceiptBenchmark } from './receipt-overhead.ts';
import { runStartupBenchmark, type StartupResult, startupOptionsFromEnv } from './startup-memory.ts';
import { round } from './stats.ts';
import { measureUiBundle, type UiBundleResult } from './ui-bundle.ts';
import { benchDataRoot, PROJECT_DIR } from './workspace.ts';

export interface BenchReport {
  date: string;
  machine: MachineFacts;
  /** 1-minute load average before and after: other work on the machine skews every number. */
  loadAverage: { before: number; after: number };
  options: Record<string, unknown>;
  durationSeconds: number;
  accept: AcceptResult;
  receipts: ReceiptResult;
  startup: StartupResult;
  uiBundle: UiBundleResult;
}

function table(header: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function dirty(machine: MachineFacts): string {
  const files = machine.uncommittedOutsideBench;
  return files.length === 0 ? '' : ` plus uncommitted changes to ${files.join(', ')}`;
}

function markdown(report: BenchReport): string {
  const { accept, receipts, startup, uiBundle, machine } = report;
  const raw = accept.rawInsertsPerSecond;
  const lines = [
    `Measured ${report.date} on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryMiB} MiB, ` +
      `Node ${machine.node}, ${machine.platform}, kernel ${machine.kernel}; data dir on ` +
      `${machine.filesystem.type} (${machine.filesystem.device} at ${machine.filesystem.mountPoint}); ` +
      `commit ${machine.gitCommit}${dirty(machine)}; 1-min load average ${report.loadAverage.before} before, ` +
      `${report.loadAverage.after} after; the run took ${report.durationSeconds} s.`,
    '',
    `**Durable accept**, ${accept.runs[0]?.clients ?? 0} concurrent HTTP clients, no register (the accept ` +
      `path alone). Raw better-sqlite3 durable INSERT on the same disk: **${raw} inserts/s** ` +
      `(median of ${accept.rawInsertsPerSecondRounds.join(', ')}).`,
    '',
    ...table(
      [
        'server',
        'payments',
        'payments/s',
        '× raw',
        'median ms',
        'p99 ms',
        'max ms',
        'server CPU ms/payment',
        'log B/payment',
        'RSS after MiB',
        'failures',
      ],
      accept.runs.map((run) => [
        run.variant,
        run.payments,
        `**${run.acceptsPerSecond}**`,
        round(run.acceptsPerSecond / raw, 2),
        run.medianMs,
        `**${run.p99Ms}**`,
        run.maxMs,
        run.serverCpuMsPerAccept,
        run.logBytesPerAccept,
        run.serverRssAfterMiB,
        run.failures,
      ]),
    ),
    '',
    '**Box overhead per receipt**, one register, zero-latency Shtrih simulator, payments queued first.',
    '',
    ...table(
      [
        'receipts',
        'receipts/s',
        'median ms/receipt',
        'p99 ms',
        'first / last tenth ms',
        'sending→done ms',
        'server CPU ms/receipt',
        'simulator CPU ms/receipt',
        'RSS after MiB',
      ],
      [
        [
          receipts.receipts,
          `**${receipts.receiptsPerSecond}**`,
          `**${receipts.medianMsPerReceipt}**`,
          receipts.p99MsPerReceipt,
          `${receipts.medianMsFirstTenth} / ${receipts.medianMsLastTenth}`,
          receipts.medianSendMs,
          receipts.serverCpuMsPerReceipt,
          receipts.simulatorCpuMsPerReceipt,
          receipts.serverRssAfterMiB,
        ],
      ],
    ),
    '',
    `**Start and idle memory** (\`node -e 0\` takes ${startup.bareNodeMs} ms here).`,
    '',
    ...table(
      [
        'variant',
        'first start: ready / health ms',
        'restart: ready / health ms',
        'stop right after first ready ms',
        'idle VmRSS MiB',
        'idle VmHWM MiB',
        'first start VmHWM MiB',
      ],
      startup.runs.map((run) => [
        run.variant,
        `${run.firstReadyMs} / ${run.firstHealthMs}`,
        `**${run.restartReadyMs}** / ${run.restartHealthMs}`,
        run.firstStopMs,
        `**${run.idleRssMiB}**`,
        run.idlePeakRssMiB,
        run.firstPeakRssMiB,
      ]),
    ),
    '',
    `**Web UI weight** (${uiBundle.buildDir}, gzip level 9; budget ${uiBundle.budgetGzipKB} KB of JavaScript).`,
    '',
    ...table(
      ['JS files', 'JS KB', 'JS gzip KB', 'first visit JS gzip KB', 'CSS gzip KB', 'within budget'],
      [
        [
          uiBundle.jsFiles,
          uiBundle.jsKB,
          `**${uiBundle.jsGzipKB}**`,
          uiBundle.firstVisitJsGzipKB,
          uiBundle.cssGzipKB,
          uiBundle.withinBudget ? 'yes' : '**no**',
        ],
      ],
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const started = performance.now();
  // Before the runs: others may commit while the benchmark runs, and the server runs the tree as it is now.
  const machine = machineFacts(benchDataRoot());
  const loadBefore = round(loadavg()[0] ?? 0);
  const options = {
    accept: acceptOptionsFromEnv(),
    receipts: receiptOptionsFromEnv(),
    startup: startupOptionsFromEnv(),
  };
  const step = (name: string) => process.stderr.write(`bench: ${name}…\n`);

  // First, so a missing UI build stops the run before the long benchmarks.
  step('web UI weight');
  const uiBundle = measureUiBundle();
  step('durable accept');
  const accept = await runAcceptBenchmark(options.accept);
  step('receipt overhead');
  const receipts = await runReceiptBenchmark(options.receipts);
  step('start and idle memory');
  const startup = await runStartupBenchmark(options.startup);

  const report: BenchReport = {
    date: new Date().toISOString(),
    machine,
    loadAverage: { before: loadBefore, after: round(loadavg()[0] ?? 0) },
    options,
    durationSeconds: round((performance.now() - started) / 1000, 0),
    accept,
    receipts,
    startup,
    uiBundle,
  };
  const results = join(PROJECT_DIR, 'bench', 'results');
  writeFileSync(join(results, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const table = markdown(report);
  writeFileSync(join(results, 'latest.md'), table);
  process.stdout.write(`\n${table}\nWritten to bench/results/latest.json and bench/results/latest.md\n`);
}

await main();
