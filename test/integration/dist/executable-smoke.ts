// The smoke test of a make dist executable, the same story as `make run` (issue 6): it starts on an
// empty data directory with the embedded simulator, tells systemd READY=1, serves the built UI from inside
// itself, takes the demo source's payment once the simulated register is added through the API, and that
// payment becomes a receipt; SIGTERM then ends it cleanly. The x64 executable runs natively, the arm64
// one under qemu-user (executable-arm64.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { EMBEDDED_UI_FOLDER } from '../../../app/sea/embedded-ui.ts';
import { VERSION } from '../../../app/version.ts';
import { createRegister } from '../../helpers/api-fixtures.ts';
import { BoxClient, type BoxProcess, startBoxProcess } from '../../helpers/box-process.ts';
import type { PaymentJson } from '../../helpers/box-with-simulator.ts';
import { type NotifySocket, openNotifySocket, servedUrl } from '../systemd/notify-socket.ts';

const SIMULATOR_LINE = /Simulated PAYONLINE-01-ФА on ([\d.]+):(\d+)/;

export interface SmokeOptions {
  /** How to run the executable: itself, or qemu-aarch64-static with its arguments in front of it. */
  command: readonly [string, ...string[]];
  /** For start, the payment and the stop; qemu-user is many times slower than the real machine. */
  timeoutMs: number;
}

export interface SmokeResult {
  /** From spawn to READY=1. */
  readyMs: number;
  /** From the payment's POST to its receipt. */
  receiptMs: number;
  /** The process's resident memory after the receipt, in MiB (qemu's own when emulated). */
  rssMiB: number | undefined;
}

export async function smokeTestExecutable(options: SmokeOptions): Promise<SmokeResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kassabox-dist-'));
  const runtimeDir = join(dataDir, 'run');
  let box: BoxProcess | undefined;
  let notify: NotifySocket | undefined;
  try {
    // As systemd's Type=notify unit starts it (app/systemd/): READY=1 only once it serves.
    notify = await openNotifySocket();
    const started = performance.now();
    box = await startBoxProcess(dataDir, options.timeoutMs, {
      command: options.command,
      // Not the checkout: the executable must need nothing but its own release directory.
      cwd: dataDir,
      env: {
        KASSABOX_SIMULATOR: 'embedded',
        KASSABOX_SIMULATOR_PORT: '0',
        KASSABOX_UI_DIR: '',
        RUNTIME_DIRECTORY: runtimeDir,
        KASSABOX_LOG_LEVEL: 'warn',
        NOTIFY_SOCKET: notify.path,
      },
    });
    const ready = await notify.waitFor('READY', options.timeoutMs);
    const readyMs = ready.at - started - performance.timeOrigin;
    expect(servedUrl(ready)).toBe(box.url);
    const client = new BoxClient(box.url);

    const health = await client.call<{ version: string }>('GET', '/health');
    expect(health.json.version).toBe(VERSION);
    await expectEmbeddedUi(box.url, runtimeDir);

    await client.login();
    const organizations = await client.call<{ items: { id: number }[] }>('GET', '/organizations');
    expect(organizations.status).toBe(200);
    const list = organizations.json.items;
    expect(list, 'the embedded simulator makes one demo organization').toHaveLength(1);
    const simulator = SIMULATOR_LINE.exec(box.output());
    expect(simulator, box.output()).not.toBeNull();
    await createRegister(client, {
      organization_id: list[0]!.id,
      name: 'Симулятор',
      host: simulator![1]!,
      port: Number(simulator![2]),
    });

    const token = (await readFile(join(dataDir, 'demo-source-token'), 'utf8')).trim();
    const paidAt = performance.now();
    const paid = await client.call<PaymentJson>(
      'POST',
      '/payments',
      { external_id: 'dist-smoke-1', account: 'acc-1', amount_kopecks: 12_345 },
      token,
    );
    expect([200, 201], JSON.stringify(paid.json)).toContain(paid.status);
    const receipt = await waitForReceipt(client, paid.json.id, options.timeoutMs, box);
    const receiptMs = performance.now() - paidAt;
    expect(receipt.total_kopecks).toBe(12_345);
    expect(receipt.fiscal_sign).toMatch(/^\d+$/);
    const rssMiB = residentMiB(box.child.pid);

    await box.stop();
    expect({ code: box.child.exitCode, signal: box.child.signalCode }, box.output()).toEqual({
      code: 0,
      signal: null,
    });
    expect((await notify.waitFor('STOPPING', 10_000)).vars.STOPPING).toBe('1');
    return { readyMs, receiptMs, rssMiB };
  } finally {
    await box?.kill();
    await notify?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** index.html and one hashed asset come from the copy the executable wrote out of itself. */
async function expectEmbeddedUi(url: string, runtimeDir: string): Promise<void> {
  const uiDir = join(runtimeDir, EMBEDDED_UI_FOLDER);
  expect(existsSync(join(uiDir, 'index.html')), `${uiDir}/index.html`).toBe(true);
  const page = await fetch(`${url}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toBe(readFileSync(join(uiDir, 'index.html'), 'utf8'));
  const asset = /(?:src|href)="(\/_app\/immutable\/[^"]+)"/.exec(html)?.[1];
  expect(asset, 'index.html names a hashed asset').toBeDefined();
  const answer = await fetch(`${url}${asset}`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('cache-control')).toContain('immutable');
}

async function waitForReceipt(
  client: BoxClient,
  paymentId: number,
  timeoutMs: number,
  box: BoxProcess,
): Promise<NonNullable<PaymentJson['receipt']>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await client.call<PaymentJson>('GET', `/payments/${paymentId}`);
    if (json.status === 'fiscalized' && json.receipt) return json.receipt;
    if (Date.now() > deadline) {
      throw new Error(`payment ${paymentId} not fiscalized: ${JSON.stringify(json)}\n${box.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function residentMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : undefined;
}
