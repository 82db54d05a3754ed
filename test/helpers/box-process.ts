// KassaBox as the systemd unit runs it: `node app/main.ts` in a child process, configured by environment,
// talked to over real HTTP. Tests kill it with SIGKILL and start it again on the same data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AdminResponse } from './api-fixtures.ts';
import { ADMIN_PASSWORD } from './api-harness.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY = /KassaBox is ready at (http:\/\/\S+)/;

export interface BoxProcess {
  url: string;
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** kill -9: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** What to start instead of `node app/main.ts` of this checkout (the executable of make dist). */
export interface BoxLaunch {
  /** The program and its arguments. */
  command?: readonly [string, ...string[]];
  /** Environment over the defaults below (the embedded simulator, …). */
  env?: Readonly<Record<string, string>>;
  /** The working directory; this checkout by default. */
  cwd?: string;
}

export async function startBoxProcess(
  dataDir: string,
  timeoutMs = 30_000,
  launch: BoxLaunch = {},
): Promise<BoxProcess> {
  const [program, ...args] = launch.command ?? [process.execPath, 'app/main.ts'];
  const child = spawn(program, args, {
    cwd: launch.cwd ?? REPO_ROOT,
    env: {
      ...process.env,
      KASSABOX_DATA_DIR: dataDir,
      KASSABOX_PORT: '0',
      KASSABOX_HOST: '127.0.0.1',
      KASSABOX_ADMIN_PASSWORD: ADMIN_PASSWORD,
      KASSABOX_LOG_LEVEL: process.env.KASSABOX_TEST_LOG_LEVEL ?? 'warn',
      KASSABOX_SIMULATOR: 'off',
      ...launch.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server was not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      const match = READY.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stdout.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it was ready (${code ?? signal}):\n${output}`));
    });
  });

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    child,
    output: () => output,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

/** A small JSON client for one running box: the admin session, or a source token. */
export class BoxClient {
  private readonly url: string;
  private cookie: string | undefined;
  private csrfToken: string | undefined;

  constructor(url: string) {
    this.url = url;
  }

  async login(): Promise<void> {
    const response = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('kassabox_session='));
    this.cookie = session?.split(';')[0];
    this.csrfToken = ((await response.json()) as { csrf_token: string }).csrf_token;
  }

  /** An admin request in app.inject's terms, so the api-fixtures set-up works on a running box too. */
  async asAdmin(request: { method: string; url: string; payload?: unknown }): Promise<AdminResponse> {
    const { status, json } = await this.call(
      request.method,
      request.url.replace(/^\/api\/v1/, ''),
      request.payload,
    );
    return { statusCode: status, body: JSON.stringify(json), json: () => json };
  }

  /** As the admin (or with `token` as a source). Returns the status and the parsed body. */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; json: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    else if (this.cookie) {
      headers.cookie = this.cookie;
      headers['x-csrf-token'] = this.csrfToken!;
    }
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T };
  }
}
