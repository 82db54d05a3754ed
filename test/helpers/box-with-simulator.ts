// A whole KassaBox in the test process against simulated PAYONLINE-01-ФА devices over TCP on 127.0.0.1:
// a real SQLite file in a temp dir, createAppDeps + buildApp driven through app.inject, the real Shtrih
// driver with short timeouts, and one ShtrihSimulator per register. Everything is set up through the
// API the way an operator would. The invariant checker (box-invariants.ts) proves rule 1 at the end;
// box-queue.ts waits for the queue to drain.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ensureFirstAdmin } from '../../app/auth/first-admin.ts';
import { loadConfig } from '../../app/config.ts';
import { type AppDeps, type CreateAppDepsOptions, createAppDeps } from '../../app/deps.ts';
import { buildApp } from '../../app/http/build-app.ts';
import { createLogger } from '../../app/logger.ts';
import type { WorkerTiming } from '../../app/pipeline/register-worker.ts';
import { openDatabase } from '../../app/storage/database.ts';
import type { JobState } from '../../app/storage/fiscal-job-repository.ts';
import { ShtrihRegistrar } from '../../drivers/shtrih/shtrih-registrar.ts';
import { ShtrihSimulator } from '../../drivers/shtrih/simulator/shtrih-simulator.ts';
import type { TransportTimeouts } from '../../drivers/shtrih/transport/message-transport.ts';
import { createBillingOrganization, createRegister } from './api-fixtures.ts';
import { ADMIN_PASSWORD, FAST_SCRYPT, logIn, type SessionHeaders } from './api-harness.ts';
import { checkInvariants, type InvariantOptions, type InvariantSummary } from './box-invariants.ts';
import { describeQueue, drainQueue, ShiftableClock } from './box-queue.ts';
import { trailOf } from './box-trails.ts';

/**
 * Short enough that a lost answer is noticed within seconds, long enough that a fault-free exchange
 * never times out on a CI machine busy with other test files (the tests assert exact event trails).
 */
export const FAST_TIMEOUTS: TransportTimeouts = {
  connectMs: 1_000,
  ackMs: 500,
  byteMs: 500,
  answerMs: 1_000,
  printAnswerMs: 1_500,
};

/** Workers idle briefly; status polls run only when a test ticks the lifecycle scheduler. */
export const QUICK_TIMING: WorkerTiming = { idleMs: 50 };

/** A register and the simulated device behind it. `simulator` changes when the device is restarted. */
export interface Device {
  registerId: number;
  organizationId: number;
  name: string;
  fnNumber: string;
  port: number;
  stateFile: string;
  simulator: ShtrihSimulator;
}

export interface AcceptedPayment {
  id: number;
  externalId: string;
  amountKopecks: number;
}

export interface PaymentBody {
  external_id: string;
  account: string;
  amount_kopecks: number;
  method?: 'cash' | 'electronic';
  customer_contact?: string;
}

export interface BoxOptions {
  /** Registers (each with its own simulated device) of the first organization; default 1. */
  registers?: number;
  protocol?: 'v1' | 'v2' | ((index: number) => 'v1' | 'v2');
  electronicOnly?: boolean;
  timeouts?: Partial<TransportTimeouts>;
  /** How pollers and billing marks reach a billing connection (registrar-mode tests). */
  billingAdapterFor?: CreateAppDepsOptions['billingAdapterFor'];
}

export interface Box {
  app: FastifyInstance;
  deps: AppDeps;
  clock: ShiftableClock;
  dataDir: string;
  organizationId: number;
  sourceId: number;
  token: string;
  devices: Device[];
  /** Every payment the API answered 200/201 for, by payment id. */
  accepted: Map<number, AcceptedPayment>;
  asAdmin(request: InjectOptions): Promise<LightMyRequestResponse>;
  /** POST /api/v1/payments with a source token (the first source's by default). */
  pay(body: PaymentBody, token?: string): Promise<LightMyRequestResponse>;
  /** pay() that must be accepted; returns the payment id. */
  payOk(body: PaymentBody, token?: string): Promise<number>;
  /** GET /api/v1/payments/:id as the admin. */
  payment(id: number): Promise<PaymentJson>;
  /** The job's state changes as `from→to`, first `→pending`, read through the API. */
  trail(paymentId: number): Promise<string[]>;
  addOrganization(name: string): Promise<{ organizationId: number; sourceId: number; token: string }>;
  addDevice(organizationId: number, name?: string): Promise<Device>;
  /** The device is switched off: its TCP port refuses connections. */
  stopDevice(device: Device): Promise<void>;
  /** The device is switched on again on the same port with the FN it had (state file). */
  startDevice(device: Device): Promise<void>;
  /** Polls until `check` returns a truthy value, or fails with `what` after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /**
   * Waits until no job is pending, sending or outcome_unknown; skips retry backoff meanwhile. `tend`
   * runs at every poll, before the check (a test that heals its devices as it waits).
   */
  drain(timeoutMs?: number, tend?: () => void | Promise<void>): Promise<void>;
  checkInvariants(options?: InvariantOptions): Promise<InvariantSummary>;
  /** The last log lines (warn and above unless KASSABOX_TEST_LOG_LEVEL says otherwise). */
  logTail(lines?: number): string;
  close(): Promise<void>;
}

export interface PaymentJson {
  id: number;
  status: string;
  amount_kopecks: number;
  fiscal_job: { id: number; state: JobState; register_id: number | null; last_error_code: string | null };
  receipt: {
    fd_number: number;
    fn_number: string;
    fiscal_sign: string;
    register_id: number;
    total_kopecks: number;
    resolution: 'device' | 'reconciled' | 'manual';
  } | null;
}

function fnNumberOf(index: number): string {
  return `99990789000${String(10_000 + index).padStart(5, '0')}`;
}

export async function startBoxWithSimulator(options: BoxOptions = {}): Promise<Box> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kassabox-box-'));
  const config = loadConfig({
    KASSABOX_DATA_DIR: dataDir,
    KASSABOX_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KASSABOX_LOG_LEVEL: process.env.KASSABOX_TEST_LOG_LEVEL ?? 'warn',
  });
  const logLines: string[] = [];
  const logger = createLogger({
    level: config.logLevel,
    destination: {
      write: (line: string) => {
        logLines.push(line);
        if (logLines.length > 2_000) logLines.splice(0, 1_000);
      },
    },
  });
  const db = openDatabase(config.databaseFile);
  const clock = new ShiftableClock();
  const timeouts = { ...FAST_TIMEOUTS, ...options.timeouts };
  const protocolOf = (index: number) =>
    typeof options.protocol === 'function' ? options.protocol(index) : (options.protocol ?? 'v1');
  const deviceIndexByPort = new Map<number, number>();
  const deps = createAppDeps({
    config,
    logger,
    db,
    clock,
    scryptParams: FAST_SCRYPT,
    workerTiming: QUICK_TIMING,
    ...(options.billingAdapterFor ? { billingAdapterFor: options.billingAdapterFor } : {}),
    registrarFactory: (register, log) =>
      new ShtrihRegistrar({
        host: register.host,
        port: register.port,
        password: register.password,
        timeouts,
        protocol: protocolOf(deviceIndexByPort.get(register.port) ?? 0),
        logger: log.child({ driver: 'shtrih' }),
      }),
  });
  await ensureFirstAdmin(
    {
      users: deps.repositories.users,
      audit: deps.audit,
      transaction: deps.transaction,
      clock,
      scryptParams: FAST_SCRYPT,
    },
    config,
  );
  const app = await buildApp(deps);
  await app.ready();

  let adminSession: SessionHeaders | undefined;
  const asAdmin = async (request: InjectOptions) => {
    adminSession ??= await logIn(app, 'admin', { password: ADMIN_PASSWORD });
    return app.inject({ ...request, headers: { ...request.headers, ...adminSession } });
  };
  const addOrganization = (name: string) =>
    createBillingOrganization({ asAdmin }, { organization: name, source: `billing of ${name}` });

  const devices: Device[] = [];
  const simulators = new Set<ShtrihSimulator>();
  const addDevice = async (organizationId: number, name = `Касса ${devices.length + 1}`) => {
    const index = devices.length;
    const fnNumber = fnNumberOf(index);
    const stateFile = join(dataDir, `fn-${fnNumber}.json`);
    const simulator = new ShtrihSimulator({ fnNumber, stateFile });
    simulators.add(simulator);
    const { host, port } = await simulator.start();
    deviceIndexByPort.set(port, index);
    const registerId = await createRegister(
      { asAdmin },
      { organization_id: organizationId, name, host, port, electronic_only: options.electronicOnly ?? false },
    );
    const device: Device = {
      registerId,
      organizationId,
      name,
      fnNumber,
      port,
      stateFile,
      simulator,
    };
    devices.push(device);
    return device;
  };

  const first = await addOrganization('ООО «Связь»');
  for (let i = 0; i < (options.registers ?? 1); i++) await addDevice(first.organizationId);
  deps.pipeline.start();

  const accepted = new Map<number, AcceptedPayment>();
  const pay = async (body: PaymentBody, token = first.token) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });
    if (response.statusCode === 200 || response.statusCode === 201) {
      const json = response.json() as { id: number; external_id: string; amount_kopecks: number };
      const known = accepted.get(json.id);
      if (known) {
        expect(json.amount_kopecks, 'a repeat answers the original payment').toBe(known.amountKopecks);
      } else {
        accepted.set(json.id, {
          id: json.id,
          externalId: json.external_id,
          amountKopecks: json.amount_kopecks,
        });
      }
    }
    return response;
  };
  const payment = async (id: number) => {
    const response = await asAdmin({ method: 'GET', url: `/api/v1/payments/${id}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as PaymentJson;
  };

  const waitFor = async <T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${describeQueue(deps)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  const box: Box = {
    app,
    deps,
    clock,
    dataDir,
    organizationId: first.organizationId,
    sourceId: first.sourceId,
    token: first.token,
    devices,
    accepted,
    asAdmin,
    pay,
    payOk: async (body, token) => {
      const response = await pay(body, token);
      expect([200, 201], response.body).toContain(response.statusCode);
      return (response.json() as { id: number }).id;
    },
    payment,
    trail: async (paymentId) => {
      const { fiscal_job: job } = await payment(paymentId);
      const response = await asAdmin({ method: 'GET', url: `/api/v1/fiscal-jobs/${job.id}` });
      expect(response.statusCode, response.body).toBe(200);
      return trailOf(response.json().events);
    },
    addOrganization,
    addDevice,
    stopDevice: async (device) => {
      await device.simulator.stop();
    },
    startDevice: async (device) => {
      // A new device object over the same FN state file: an open receipt and the links are gone, as
      // after a power cut; the FN (archive, counter, shift) is what it was.
      const simulator = new ShtrihSimulator({
        fnNumber: device.fnNumber,
        stateFile: device.stateFile,
        port: device.port,
      });
      simulators.add(simulator);
      await simulator.start();
      device.simulator = simulator;
    },
    waitFor,
    drain: (timeoutMs = 30_000, tend) =>
      drainQueue({ deps, clock, timeoutMs, ...(tend ? { tend } : {}), logTail: () => box.logTail(20) }),
    checkInvariants: (invariantOptions) =>
      checkInvariants(
        {
          db,
          devices,
          accepted,
          verifyJournal: async () => {
            const response = await asAdmin({ method: 'GET', url: '/api/v1/journal/verify' });
            expect(response.statusCode, response.body).toBe(200);
            return response.json();
          },
        },
        invariantOptions,
      ),
    logTail: (lines = 30) => logLines.slice(-lines).join(''),
    close: async () => {
      await app.close();
      await deps.pipeline.stop();
      for (const simulator of simulators) await simulator.stop();
      db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return box;
}
