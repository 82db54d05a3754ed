// The daemon inside the system call filter of systemd/kassabox.service (SystemCallFilter=,
// SystemCallErrorNumber=, RestrictAddressFamilies=, MemoryDenyWriteExecute=, read from the unit file by
// unit-sandbox.py with libseccomp, since PID 1 here is not systemd): it starts, makes its certificate,
// serves HTTPS, tells systemd READY=1 through systemd-notify and stops cleanly. Two controls show the
// sandbox bites and why the unit leaves two doors open: MemoryDenyWriteExecute=yes kills Node at start,
// and without AF_NETLINK the box cannot list its addresses for the certificate.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type NotifiedBox,
  type NotifySocket,
  openNotifySocket,
  servedUrl,
  spawnNotifiedBox,
} from './notify-socket.ts';

const UNIT = fileURLToPath(new URL('../../../systemd/kassabox.service', import.meta.url));
const SANDBOX = fileURLToPath(new URL('./unit-sandbox.py', import.meta.url));

let dataDir: string;
let socket: NotifySocket;
let box: NotifiedBox | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kassabox-sandbox-'));
  socket = await openNotifySocket();
});

afterEach(async () => {
  if (box && box.child.exitCode === null && box.child.signalCode === null) box.child.kill('SIGKILL');
  await box?.exited;
  box = undefined;
  await socket.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** GET over HTTPS, trusting the box's self-signed certificate for this one request. */
function httpsGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** node -e <script> inside the unit's filter, with some of the unit's lines replaced. */
function sandboxedNode(
  overrides: string[],
  script: string,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      [SANDBOX, UNIT, ...overrides, '--', process.execPath, '-e', script],
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number; signal?: string }) | null;
        resolve({
          code: failure ? (failure.code ?? null) : 0,
          signal: failure?.signal ?? null,
          output: stdout + stderr,
        });
      },
    );
  });
}

describe('the daemon under the unit’s system call filter', () => {
  it('starts with HTTPS and its own certificate, sends READY=1, answers, and stops with exit 0', async () => {
    box = spawnNotifiedBox(
      dataDir,
      {
        NOTIFY_SOCKET: socket.path,
        WATCHDOG_USEC: '400000',
        NODE_ENV: 'production',
        KASSABOX_HOST: '127.0.0.1',
        KASSABOX_TLS: 'self-signed',
        KASSABOX_HTTP_REDIRECT_PORT: '0',
        NODE_COMPILE_CACHE: join(dataDir, 'compile-cache'),
      },
      ['python3', SANDBOX, UNIT, '--'],
    );
    const ready = await socket.waitFor('READY').catch((error: Error) => {
      throw new Error(`${error.message}\n${box?.output()}`);
    });
    expect(servedUrl(ready)).toMatch(/^https:\/\//);
    expect(await httpsGet(`${servedUrl(ready)}/api/v1/health`)).toBe(200);
    await socket.waitFor('WATCHDOG', 5_000);
    box.child.kill('SIGTERM');
    expect(await box.exited).toBe(0);
    expect(socket.messages.some((message) => message.vars.STOPPING === '1')).toBe(true);
  });

  it('MemoryDenyWriteExecute=yes would stop Node before it runs a line (so the unit says no)', async () => {
    const unhindered = await sandboxedNode([], 'console.log("alive")');
    expect(unhindered).toMatchObject({ code: 0 });
    expect(unhindered.output).toContain('alive');
    const result = await sandboxedNode(['MemoryDenyWriteExecute=yes'], 'console.log("alive")');
    expect(result.output).not.toContain('alive');
    expect(result.code !== 0 || result.signal !== null).toBe(true);
  });

  it('without AF_NETLINK the box could not list its addresses for the certificate (so the unit allows it)', async () => {
    const script =
      'console.log(Object.keys(require("node:os").networkInterfaces()).length > 0 ? "listed" : "none")';
    expect((await sandboxedNode([], script)).output).toContain('listed');
    const result = await sandboxedNode(['RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6'], script);
    expect(result.output).toMatch(/uv_interface_addresses/);
  });
});
