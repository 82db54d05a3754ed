// kill -9 of the box in the middle of a receipt, then a restart on the same data directory (rule 1: a
// crash is an unknown outcome, resolved against the FN before anything is sent again). The server runs
// as a child process (`node app/main.ts`); the simulated PAYONLINE-01-ФА runs in the test process, so
// the device and its FN live through the crash as a real one would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShtrihSimulator } from '../../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { createBillingOrganization, createRegister } from '../../helpers/api-fixtures.ts';
import { checkInvariants } from '../../helpers/box-invariants.ts';
import { BoxClient, type BoxProcess, startBoxProcess } from '../../helpers/box-process.ts';
import { NOT_IN_FN_SENT_AGAIN, RECONCILED, trailOf } from '../../helpers/box-trails.ts';
import type { PaymentJson } from '../../helpers/box-with-simulator.ts';

/** Longer than the kill takes to arrive; shorter than the driver's own answer timeout (60 s for FF45). */
const IN_FLIGHT_MS = 5_000;

let dataDir: string;
let simulator: ShtrihSimulator;
let box: BoxProcess | undefined;
let client: BoxClient;
let registerId: number;
let token: string;
const accepted = new Map<number, { id: number; amountKopecks: number }>();

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kassabox-kill-'));
  simulator = new ShtrihSimulator();
  const { host, port } = await simulator.start();
  accepted.clear();
  await boot();
  const organization = await createBillingOrganization(client, { source: 'billing' });
  token = organization.token;
  registerId = await createRegister(client, {
    organization_id: organization.organizationId,
    name: 'Касса',
    host,
    port,
  });
});

afterEach(async () => {
  await box?.kill();
  box = undefined;
  await simulator.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function boot(): Promise<void> {
  box = await startBoxProcess(dataDir);
  client = new BoxClient(box.url);
  await client.login();
}

async function pay(externalId: string, amountKopecks: number): Promise<PaymentJson> {
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

async function payment(id: number): Promise<PaymentJson> {
  const response = await client.call<PaymentJson>('GET', `/payments/${id}`);
  expect(response.status).toBe(200);
  return response.json;
}

async function trail(jobId: number): Promise<string[]> {
  const response = await client.call<{ events: { from_state: string | null; to_state: string }[] }>(
    'GET',
    `/fiscal-jobs/${jobId}`,
  );
  return trailOf(response.json.events);
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${box?.output() ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function fiscalized(ids: number[]): Promise<void> {
  await until(`payments ${ids.join(', ')} to be fiscalized`, async () => {
    for (const id of ids) if ((await payment(id)).status !== 'fiscalized') return false;
    return true;
  });
}

async function invariants() {
  const db = new Database(join(dataDir, 'kassabox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return await checkInvariants({
      db,
      devices: [{ fnNumber: simulator.state.fnNumber, registerId, simulator }],
      accepted,
      verifyJournal: async () => (await client.call('GET', '/journal/verify')).json,
    });
  } finally {
    db.close();
  }
}

/** Job counts by state, read from the database file while no box runs. */
function jobStates(): Record<string, number> {
  const db = new Database(join(dataDir, 'kassabox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT state, count(*) AS n FROM fiscal_job GROUP BY state').all() as {
      state: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  } finally {
    db.close();
  }
}

/** One receipt through first, so the shift is open and the kill hits a receipt, not the shift opening. */
async function warmUp(): Promise<void> {
  const warm = await pay('warm-up', 100);
  await fiscalized([warm.id]);
}

/** kill -9 while the payment's job is sending, a restart on the same data, and the payment fiscalized. */
async function killWhileSendingAndRestart(paid: PaymentJson): Promise<void> {
  expect((await payment(paid.id)).fiscal_job.state).toBe('sending');
  await box!.kill();
  await boot();
  await fiscalized([paid.id]);
}

describe('kill -9 of the box in the middle of a receipt', () => {
  it('after the FN formed the receipt, before the box stored the answer: reconciled at restart, not sent again', async () => {
    await warmUp();
    simulator.faults.add({ kind: 'delay', command: 'FF45', ms: IN_FLIGHT_MS });
    const paid = await pay('p-1', 65_000);
    await until('the FN to form the receipt', () => simulator.receipts().length === 2);
    await killWhileSendingAndRestart(paid);
    expect(await trail(paid.fiscal_job.id)).toEqual(RECONCILED);
    const { receipt } = await payment(paid.id);
    const formed = simulator.receipts().at(-1)!;
    expect(receipt).toMatchObject({
      resolution: 'reconciled',
      fd_number: formed.fdNumber,
      fiscal_sign: String(formed.fiscalSign),
      total_kopecks: 65_000,
    });
    expect(await invariants()).toMatchObject({ payments: 2, receipts: 2 });
  });

  it('before FF45 reached the device: the open receipt is cancelled at restart and sent once', async () => {
    await warmUp();
    simulator.faults.add({ kind: 'delay', command: 'FF46', ms: IN_FLIGHT_MS });
    const paid = await pay('p-1', 43_210);
    await until('the device to hold the begun receipt', () => simulator.state.openDocument === 'receipt');
    expect(simulator.receipts()).toHaveLength(1);
    await killWhileSendingAndRestart(paid);
    expect(await trail(paid.fiscal_job.id)).toEqual(NOT_IN_FN_SENT_AGAIN);
    expect((await payment(paid.id)).receipt).toMatchObject({ resolution: 'device', total_kopecks: 43_210 });
    expect(simulator.state.openDocument).toBeUndefined();
    expect(await invariants()).toMatchObject({ payments: 2, receipts: 2 });
  });

  it('with a queue in flight: every accepted payment ends with exactly one receipt, and repeats stay idempotent', async () => {
    await warmUp();
    // Every close answer is late, so the kill lands while the box waits for the answer of a formed receipt.
    simulator.faults.add({ kind: 'delay', command: 'FF45', ms: 250, times: Number.POSITIVE_INFINITY });
    const paid = await Promise.all(Array.from({ length: 20 }, (_, i) => pay(`q-${i}`, 1_000 + i)));
    await until('some receipts of the queue', () => simulator.receipts().length >= 6);
    await box!.kill();
    expect(jobStates()).toMatchObject({ sending: 1 });
    expect(simulator.receipts().length).toBeLessThan(21);
    simulator.faults.clear();

    await boot();
    const again = await pay('q-7', 1_007);
    expect(again.id).toBe(paid[7]!.id);
    const conflict = await client.call(
      'POST',
      '/payments',
      { external_id: 'q-7', account: 'acc-q-7', amount_kopecks: 9_999 },
      token,
    );
    expect(conflict.status).toBe(409);
    await fiscalized(paid.map((p) => p.id));
    expect(await invariants()).toMatchObject({ payments: 21, receipts: 21 });
  });
});
