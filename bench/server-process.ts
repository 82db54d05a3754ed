// The box as it runs in production: `node app/main.ts` in its own process, configured by environment
// only. The benchmarks drive it from outside, so the load generator and the simulator never share the
// server's event loop, and /proc tells what the server alone costs in memory and CPU.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { PROJECT_DIR } from './workspace.ts';

export interface ServerProcessOptions {
  dataDir: string;
  simulator: 'embedded' | 'off';
  adminPassword: string;
  /** KASSABOX_LOG_LEVEL; the config default (info) when omitted. */
  logLevel?: string;
  /** 0 (the default) lets the server pick; a fixed port lets health be polled before the ready line. */
  port?: number;
  readyTimeoutMs?: number;
  /** Extra environment, e.g. NODE_COMPILE_CACHE. */
  env?: Record<string, string>;
}

export interface StartTimings {
  /** From spawn until "KassaBox is ready at" appeared on stdout. */
  readyMs: number;
  /** From spawn until GET /api/v1/health answered 200 (only when a fixed port was given). */
  healthMs: number | undefined;
}

export interface ProcessMemory {
  /** Resident set now. */
  rssKiB: number;
  /** Peak resident set since the process started. */
  hwmKiB: number;
}

const READY_LINE = /KassaBox is ready at (http:\/\/\S+)/;

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim()) || 100;
  } catch {
    return 100;
  }
}

const CLK_TCK = clockTicksPerSecond();

function healthAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(`${url}/api/v1/health`, { timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ServerProcess {
  readonly options: ServerProcessOptions;
  url = '';
  /** Bytes the server wrote to stdout (its pino log) since the ready line. */
  logBytes = 0;
  private child: ChildProcess | undefined;
  private stderrTail = '';
  private exited: Promise<number | null> | undefined;

  constructor(options: ServerProcessOptions) {
    this.options = options;
  }

  get pid(): number {
    if (this.child?.pid === undefined) throw new Error('the server process is not running');
    return this.child.pid;
  }

  async start(): Promise<StartTimings> {
    const { options } = this;
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      KASSABOX_DATA_DIR: options.dataDir,
      KASSABOX_PORT: String(options.port ?? 0),
      KASSABOX_HOST: '127.0.0.1',
      KASSABOX_ADMIN_PASSWORD: options.adminPassword,
      KASSABOX_SIMULATOR: options.simulator,
      // Any free port: a `make run` on the same machine keeps 7778.
      KASSABOX_SIMULATOR_PORT: '0',
      ...options.env,
    };
    if (options.logLevel === undefined) delete env.KASSABOX_LOG_LEVEL;
    else env.KASSABOX_LOG_LEVEL = options.logLevel;
    delete env.NODE_ENV;

    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [join(PROJECT_DIR, 'app', 'main.ts')], {
      cwd: PROJECT_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });

    const ready = new Promise<number>((resolve, reject) => {
      let buffered = '';
      let found = false;
      child.stdout!.on('data', (chunk: Buffer) => {
        if (found) {
          this.logBytes += chunk.length;
          return;
        }
        buffered += chunk.toString('utf8');
        const match = READY_LINE.exec(buffered);
        if (match) {
          found = true;
          this.url = match[1]!;
          resolve(performance.now() - spawnedAt);
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`the server exited with ${code} before it was ready: ${this.stderrTail}`)),
      );
    });

    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    const deadline = spawnedAt + timeoutMs;
    const health = async (): Promise<number | undefined> => {
      if (!options.port) return undefined;
      const url = `http://127.0.0.1:${options.port}`;
      while (performance.now() < deadline && child.exitCode === null) {
        if (await healthAnswers(url)) return performance.now() - spawnedAt;
        await sleep(5);
      }
      throw new Error(`GET /api/v1/health did not answer within ${timeoutMs} ms`);
    };

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server was not ready in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const [readyMs, healthMs] = await Promise.race([Promise.all([ready, health()]), timeout]);
      return { readyMs, healthMs };
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  memory(): ProcessMemory {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
  }

  /** User + system CPU time the server has used so far, in ms (clock-tick resolution). */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed (utime and stime are 14 and 15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  }

  /** SIGTERM (the graceful stop of the unit), SIGKILL after 10 s; answers how long the stop took. */
  async stop(): Promise<number> {
    const child = this.child;
    if (child === undefined || this.exited === undefined) return 0;
    const started = performance.now();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(killer);
    }
    this.child = undefined;
    return performance.now() - started;
  }
}
