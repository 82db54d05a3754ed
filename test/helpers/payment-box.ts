// A KassaBox API with an organization, a source and its API token, plus registers on a fake registrar or
// on the Shtrih simulator over TCP, for the HTTP tests of payments, fiscal jobs and register devices.
// Waits are bounded polls of the API (vi.waitFor), never fixed sleeps.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect, vi } from 'vitest';
import { createRegistrar } from '../../app/devices/registrar-factory.ts';
import type { RegistrarFactory } from '../../app/pipeline/pipeline.ts';
import type { WorkerTiming } from '../../app/pipeline/register-worker.ts';
import { isFiscalError } from '../../drivers/fiscal-error.ts';
import type { FiscalDocument, FiscalRegistrar, FiscalResult } from '../../drivers/fiscal-registrar.ts';
import { createBillingOrganization, createRegister } from './api-fixtures.ts';
import { startTestApi, type TestApi } from './api-harness.ts';
import { FakeRegistrar } from './fake-registrar.ts';

/** Workers that look at the queue often; status polls are left to the tests. */
export const QUICK_WORKERS: WorkerTiming = { idleMs: 100 };

/** Longest a test waits for the worker to reach a state (the simulator answers in milliseconds). */
const WAIT = { timeout: 15_000, interval: 20 };

/** The fake registrar, with a hook between a send of unknown outcome and the worker's reconciliation. */
export class ScriptedFake extends FakeRegistrar {
  onUnknownOutcome: (() => void) | undefined;

  override async register(doc: FiscalDocument): Promise<FiscalResult> {
    try {
      return await super.register(doc);
    } catch (error) {
      if (isFiscalError(error) && !error.outcomeKnown) this.onUnknownOutcome?.();
      throw error;
    }
  }
}

/** Every register talks to the fake of its name. */
export function fakeRegistrars(byName: Record<string, FiscalRegistrar>): RegistrarFactory {
  return (register) => {
    const registrar = byName[register.name];
    if (!registrar) throw new Error(`no fake registrar for register ${register.name}`);
    return registrar;
  };
}

/** Every register talks to its device (the simulator in these tests) through the product's own factory. */
export const shtrihRegistrars: RegistrarFactory = (register, logger) =>
  createRegistrar(register, logger, { connectMs: 1_000, answerMs: 3_000 });

export type Response = LightMyRequestResponse;

export interface PaymentBox {
  api: TestApi;
  organizationId: number;
  sourceId: number;
  token: string;
  /** app.inject with the source's API token. */
  asSource(request: InjectOptions, token?: string): Promise<Response>;
  addRegister(
    name: string,
    device?: { host?: string; port?: number; enabled?: boolean; protocol?: 'v1' | 'v2' },
  ): Promise<number>;
  /** A payment body with the given changes. */
  payment(changes?: Record<string, unknown>): Record<string, unknown>;
  /** Posts a payment with the source's token and expects 201. */
  accept(changes?: Record<string, unknown>): Promise<PaymentJson>;
  /** Polls GET /fiscal-jobs/:id until the job is in this state (or matches these fields). */
  waitForJob(jobId: number, expected: string | Partial<JobJson>): Promise<JobJson>;
  /** Polls GET /payments/:id until the payment has its receipt. */
  waitForReceipt(paymentId: number): Promise<PaymentJson>;
  close(): Promise<void>;
}

export interface JobJson {
  id: number;
  payment_id: number;
  register_id: number | null;
  state: string;
  attempts: number;
  last_error_code: string | null;
  last_error: string | null;
  last_fd_before: number | null;
  events?: { at: string; from_state: string | null; to_state: string; detail: string | null }[];
}

export interface PaymentJson {
  id: number;
  source_id: number;
  external_id: string;
  status: string;
  amount_kopecks: number;
  fiscal_job: JobJson | null;
  receipt: {
    id: number;
    fd_number: number;
    fiscal_sign: string;
    resolution: string;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

let counter = 0;

export async function startPaymentBox(
  options: { registrarFactory?: RegistrarFactory } = {},
): Promise<PaymentBox> {
  const api = await startTestApi(
    options.registrarFactory
      ? { devices: { registrarFactory: options.registrarFactory, workerTiming: QUICK_WORKERS } }
      : {},
  );
  const { organizationId, sourceId, token } = await createBillingOrganization(api, {
    source: 'ABillS',
    token: 'billing',
  });

  const asSource = (request: InjectOptions, bearer = token) =>
    api.app.inject({ ...request, headers: { ...request.headers, authorization: `Bearer ${bearer}` } });
  const payment = (changes: Record<string, unknown> = {}) => ({
    external_id: `pay-${++counter}`,
    account: '100200',
    amount_kopecks: 150_000,
    ...changes,
  });

  const box: PaymentBox = {
    api,
    organizationId,
    sourceId,
    token,
    asSource,
    payment,
    addRegister: (name, device = {}) =>
      createRegister(api, {
        organization_id: organizationId,
        name,
        host: device.host ?? '127.0.0.1',
        port: device.port ?? 7778,
        enabled: device.enabled ?? true,
        ...(device.protocol ? { protocol: device.protocol } : {}),
      }),
    async accept(changes) {
      const response = await asSource({ method: 'POST', url: '/api/v1/payments', payload: payment(changes) });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    },
    waitForJob: (jobId, expected) =>
      vi.waitFor(async () => {
        const job: JobJson = (
          await api.asAdmin({ method: 'GET', url: `/api/v1/fiscal-jobs/${jobId}` })
        ).json();
        expect(job).toMatchObject(typeof expected === 'string' ? { state: expected } : expected);
        return job;
      }, WAIT),
    waitForReceipt: (paymentId) =>
      vi.waitFor(async () => {
        const view: PaymentJson = (
          await api.asAdmin({ method: 'GET', url: `/api/v1/payments/${paymentId}` })
        ).json();
        expect(view.receipt).not.toBeNull();
        return view;
      }, WAIT),
    close: () => api.close(),
  };
  return box;
}
