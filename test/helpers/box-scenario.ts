// Steps the pipeline fault tests share: a box per test (closed after it), payments with their own
// external ids, a warm box whose next fault hits a receipt, one scripted fault, a job waiting for its
// retry, and the technician's requeue.
import { afterEach, expect } from 'vitest';
import { type Box, type BoxOptions, type PaymentBody, startBoxWithSimulator } from './box-with-simulator.ts';

export interface BoxPerTest {
  /** A new box, closed after the test. */
  start(options?: BoxOptions): Promise<Box>;
  /** A box whose shift is open and whose driver has its per-connection state: the next fault hits a receipt. */
  warm(options?: BoxOptions): Promise<Box>;
}

/** Call at the top of a test file: each test gets its own box. */
export function boxPerTest(): BoxPerTest {
  let box: Box | undefined;
  afterEach(async () => {
    await box?.close();
    box = undefined;
  });
  const start = async (options: BoxOptions = {}) => {
    box = await startBoxWithSimulator(options);
    return box;
  };
  const warm = async (options: BoxOptions = {}) => {
    const b = await start(options);
    await b.payOk(payment(100));
    await b.drain();
    return b;
  };
  return { start, warm };
}

let counter = 0;
export function payment(amountKopecks = 65_000): PaymentBody {
  counter++;
  return { external_id: `ext-${counter}`, account: `10${counter}`, amount_kopecks: amountKopecks };
}

/** The simulator of the box's first register. */
export function device(b: Box) {
  return b.devices[0]!.simulator;
}

type Fault = Parameters<ReturnType<typeof device>['faults']['add']>[0];

/** Scripts one fault on the first device, then posts a payment and waits for the queue to drain. */
export async function payWithFault(b: Box, fault: Fault): Promise<number> {
  device(b).faults.add(fault);
  const id = await b.payOk(payment());
  await b.drain();
  return id;
}

/** Waits until the payment's job is back in the queue after failing with `code`. */
export async function waitForRetry(b: Box, id: number, code: string, what: string): Promise<void> {
  await b.waitFor(what, () => {
    const job = b.deps.stores.jobs.getByPaymentId(id);
    return job?.state === 'pending' && job.lastErrorCode === code;
  });
}

/** What a technician does after fixing the FN: POST /fiscal-jobs/:id/requeue. */
export async function requeue(b: Box, jobId: number, reason = 'FN replaced'): Promise<void> {
  const response = await b.asAdmin({
    method: 'POST',
    url: `/api/v1/fiscal-jobs/${jobId}/requeue`,
    payload: { reason },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** The kinds of the first device's FN archive records, oldest first. */
export function archiveKinds(b: Box): string[] {
  return device(b)
    .archive()
    .map((record) => record.kind);
}
