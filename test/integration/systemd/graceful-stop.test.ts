// A stop as systemd makes it (issue 6 "Graceful shutdown"): SIGTERM to `node app/main.ts` while a receipt
// is in flight on the register. The box sends STOPPING=1 and takes no new payment, lets the receipt
// finish, closes the database and exits 0; the register is not left mid-document, and the next start
// finds nothing to reconcile. The simulated PAYONLINE-01-ФА runs in the test process, as in
// pipeline/kill-restart.test.ts (the same checks after a kill -9). Also: a journal broken behind the box's
// back does not stop the start, but READY=1's status line says so.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShtrihSimulator } from '../../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { createBillingOrganization, createRegister } from '../../helpers/api-fixtures.ts';
import { checkInvariants } from '../../helpers/box-invariants.ts';
import { BoxClient } from '../../helpers/box-process.ts';
import { SENT, trailOf } from '../../helpers/box-trails.ts';
import type { PaymentJson } from '../../helpers/box-with-simulator.ts';
import {
  type NotifiedBox,
  type NotifySocket,
  openNotifySocket,
  servedUrl,
  spawnNotifiedBox,
} from './notify-socket.ts';

/** How long the register sits on the closing receipt's answer: the stop has to wait this out. */
const IN_FLIGHT_MS = 3_000;

let dataDir: string;
let simulator: ShtrihSimulator;
let socket: NotifySocket;
let box: NotifiedBox | undefined;
let client: BoxClient;
let device: { host: string; port: number };
const accepted = new Map<number, { id: number; amountKopecks: number }>();

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kassabox-stop-'));
  simulator = new ShtrihSimulator();
  device = await simulator.start();
  socket = await openNotifySocket();
  accepted.clear();
});

afterEach(async () => {
  if (box && box.child.exitCode === null && box.child.signalCode === null) box.child.kill('SIGKILL');
  await box?.exited;
  box = undefined;
  await socket.close();
  await simulator.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function boot(): Promise<void> {
  const from = socket.messages.length;
  box = spawnNotifiedBox(dataDir, { NOTIFY_SOCKET: socket.path });
  const ready = await socket.waitFor('READY', 30_000, from);
  client = new BoxClient(servedUrl(ready));
  await client.login();
}

async function pay(token: string, externalId: string, amountKopecks: number): Promise<PaymentJson> {
  const response = await client.call<PaymentJson>(
    'POST',
    '/payments',
    { external_id: externalId, account: `acc-${externalId}`, amount_kopecks: amountKopecks },
    token,
  );
  expect([200, 201], JSON.stringify(response.json)).toContain(response.status);
  accepted.set(response.json.id, { id: response.json.id, amountKopecks });
  return response.json;
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${box?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function fiscalized(id: number): Promise<void> {
  await until(`payment ${id} to be fiscalized`, async () => {
    const { json } = await client.call<PaymentJson>('GET', `/payments/${id}`);
    return json.status === 'fiscalized';
  });
}

/** Read from the database file while no box runs. */
function jobOf(paymentId: number): {
  state: string;
  events: { from_state: string | null; to_state: string }[];
} {
  const db = new Database(join(dataDir, 'kassabox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const job = db.prepare('SELECT id, state FROM fiscal_job WHERE payment_id = ?').get(paymentId) as {
      id: number;
      state: string;
    };
    const events = db
      .prepare('SELECT from_state, to_state FROM fiscal_job_event WHERE fiscal_job_id = ? ORDER BY id')
      .all(job.id) as { from_state: string | null; to_state: string }[];
    return { state: job.state, events };
  } finally {
    db.close();
  }
}

describe('SIGTERM while a receipt is in flight', () => {
  it('the receipt finishes, no other starts, no new payment is taken, the database closes, exit 0; nothing to reconcile at the next start', async () => {
    await boot();
    const organization = await createBillingOrganization(client, { source: 'billing' });
    const registerId = await createRegister(client, {
      organization_id: organization.organizationId,
      name: 'Касса',
      ...device,
    });
    // One receipt first, so the shift is open and the stop meets a receipt, not the shift opening.
    const warm = await pay(organization.token, 'warm-up', 100);
    await fiscalized(warm.id);

    simulator.faults.add({ kind: 'delay', command: 'FF45', ms: IN_FLIGHT_MS });
    const paid = await pay(organization.token, 'p-1', 65_000);
    // Queued behind it: a stop must not start this one.
    const queued = await pay(organization.token, 'p-2', 12_300);
    // The FN has formed the receipt; its answer is on the way back (the worst moment to stop).
    await until('the FN to form the receipt', () => simulator.receipts().length === 2);

    const from = socket.messages.length;
    const signalledAt = Date.now();
    box!.child.kill('SIGTERM');
    await socket.waitFor('STOPPING', 10_000, from);
    // The listener is closed (or answers 503 while closing): a source's retry goes to the next start.
    const refused = await client
      .call(
        'POST',
        '/payments',
        { external_id: 'late', account: 'acc-late', amount_kopecks: 500 },
        organization.token,
      )
      .then(({ status }) => status)
      .catch(() => 'connection refused');
    expect([503, 'connection refused']).toContain(refused);

    expect(await box!.exited).toBe(0);
    // The last connection closed cleanly: SQLite checkpointed the WAL and removed it (a kill leaves it).
    expect(existsSync(join(dataDir, 'kassabox.sqlite-wal'))).toBe(false);
    // It waited for the register's answer instead of leaving the receipt to reconciliation.
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(IN_FLIGHT_MS - 1_000);
    expect(jobOf(paid.id)).toMatchObject({ state: 'done' });
    expect(trailOf(jobOf(paid.id).events)).toEqual(SENT);
    expect(jobOf(queued.id)).toMatchObject({ state: 'pending' });
    expect(simulator.state.openDocument).toBeUndefined();
    expect(simulator.receipts()).toHaveLength(2);
    const statuses = socket.messages.slice(from).map((message) => message.vars.STATUS);
    expect(statuses.at(-1)).toBe('Stopping: closing the database');

    await boot();
    await fiscalized(queued.id);
    const db = new Database(join(dataDir, 'kassabox.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const summary = await checkInvariants({
        db,
        devices: [{ fnNumber: simulator.state.fnNumber, registerId, simulator }],
        accepted,
        verifyJournal: async () => (await client.call('GET', '/journal/verify')).json,
      });
      expect(summary).toMatchObject({ payments: 3, receipts: 3, resolutions: { device: 3 } });
    } finally {
      db.close();
    }
  });
});

describe('a restart under systemd', () => {
  it('a receipt journal changed behind the box’s back: the start goes on (payments must not be lost), and the READY status says so', async () => {
    await boot();
    const organization = await createBillingOrganization(client, { source: 'billing' });
    await createRegister(client, { organization_id: organization.organizationId, name: 'Касса', ...device });
    await fiscalized((await pay(organization.token, 'p-1', 100)).id);
    box!.child.kill('SIGTERM');
    expect(await box!.exited).toBe(0);
    // What a technician's sqlite3 shell could do (test/integration/http/journal.test.ts does the same).
    const shell = new Database(join(dataDir, 'kassabox.sqlite'));
    shell.exec('DROP TRIGGER receipt_no_update; UPDATE receipt SET total_kopecks = 1 WHERE id = 1;');
    shell.close();

    await boot();
    const ready = socket.messages.filter((message) => message.vars.READY === '1').at(-1)!;
    expect(ready.vars.STATUS).toMatch(/^Serving at \S+; RECEIPT JOURNAL VERIFICATION FAILED/);
    expect((await client.call<{ journal: string }>('GET', '/health')).json.journal).not.toBe('ok');
  });
});
