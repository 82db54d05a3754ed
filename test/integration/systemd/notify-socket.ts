// A stand-in for systemd's notify socket: an AF_UNIX datagram socket that records every message, and
// `node app/main.ts` started with NOTIFY_SOCKET pointing at it, as systemd starts the unit. Node cannot
// open an AF_UNIX datagram socket, so the receiver is a few lines of python3 (Debian's, in the Makefile's
// test-tools). It reads with recv(), so the fd systemd-notify 252 sends with BARRIER=1 is closed by the
// kernel on receipt, which is what releases systemd-notify's wait, as PID 1 does.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD } from '../../helpers/api-harness.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const RECEIVER = `
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
while True:
    data = s.recv(65536)
    print(json.dumps({"at": time.time() * 1000, "data": data.decode()}), flush=True)
`;

export interface NotifyMessage {
  /** Epoch ms when the receiver read it. */
  at: number;
  /** The assignments of one datagram, e.g. { READY: '1', STATUS: 'Serving at …' }. */
  vars: Record<string, string>;
}

export interface NotifySocket {
  path: string;
  /** Every datagram so far, in arrival order, without systemd-notify's BARRIER=1 messages. */
  messages: NotifyMessage[];
  /** Resolves with the first message (from `from` on) that has `name`; rejects after timeoutMs. */
  waitFor(name: string, timeoutMs?: number, from?: number): Promise<NotifyMessage>;
  close(): Promise<void>;
}

export async function openNotifySocket(): Promise<NotifySocket> {
  const dir = await mkdtemp(join(tmpdir(), 'kbx-notify-'));
  const path = join(dir, 'notify.sock');
  const receiver = spawn('python3', ['-c', RECEIVER, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  const messages: NotifyMessage[] = [];
  const listeners = new Set<() => void>();
  let buffered = '';
  let errors = '';
  receiver.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    receiver.once('error', reject);
    receiver.once('exit', (code) => reject(new Error(`the notify receiver exited (${code}): ${errors}`)));
    receiver.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (line === 'bound') {
          resolve();
          continue;
        }
        const { at, data } = JSON.parse(line) as { at: number; data: string };
        const vars = Object.fromEntries(
          data.split('\n').map((assignment) => {
            const equals = assignment.indexOf('=');
            return [assignment.slice(0, equals), assignment.slice(equals + 1)];
          }),
        );
        if (vars.BARRIER !== undefined) continue;
        messages.push({ at, vars });
        for (const listener of listeners) listener();
      }
    });
  });

  return {
    path,
    messages,
    waitFor(name, timeoutMs = 30_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(from).find((message) => message.vars[name] !== undefined);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${name}= within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async close() {
      receiver.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface NotifiedBox {
  child: ChildProcess;
  output(): string;
  /** The exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/**
 * `node app/main.ts` as systemd's Type=notify unit starts it: NOTIFY_SOCKET set, maybe WATCHDOG_USEC.
 * `wrapper` is a command line to run it through (unit-sandbox.py: inside the unit's system call filter).
 */
export function spawnNotifiedBox(
  dataDir: string,
  env: Record<string, string>,
  wrapper: string[] = [],
): NotifiedBox {
  const [command, ...args] = [...wrapper, process.execPath, 'app/main.ts'];
  const child = spawn(command!, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      KASSABOX_DATA_DIR: dataDir,
      KASSABOX_PORT: '0',
      KASSABOX_HOST: '127.0.0.1',
      KASSABOX_ADMIN_PASSWORD: ADMIN_PASSWORD,
      KASSABOX_LOG_LEVEL: process.env.KASSABOX_TEST_LOG_LEVEL ?? 'warn',
      KASSABOX_SIMULATOR: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => output, exited };
}

/** The URL in the READY=1 message's status line ("Serving at http://127.0.0.1:port"). */
export function servedUrl(ready: NotifyMessage): string {
  const match = /Serving at ([^\s;]+)/.exec(ready.vars.STATUS ?? '');
  if (!match) throw new Error(`READY=1 without a "Serving at" status: ${JSON.stringify(ready.vars)}`);
  return match[1]!;
}
