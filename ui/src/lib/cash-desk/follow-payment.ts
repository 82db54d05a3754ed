// After the cash desk posts a payment, the receipt is made by the register's worker a moment later. The
// form follows GET /payments/:id until the payment has its receipt or clearly will not get one soon.

import type { PaymentJson } from '../api/types.ts';

/** Where a payment stands for the cashier waiting at the desk. */
export type PaymentOutcome =
  | 'waiting' // in the queue or being printed
  | 'fiscalized' // the receipt is in the journal
  | 'failed' // the register refused it; a technician must act
  | 'unknown'; // sent, answer lost: the box reconciles it, a technician may resolve it

export function paymentOutcome(payment: PaymentJson): PaymentOutcome {
  if (payment.receipt) return 'fiscalized';
  if (payment.status === 'failed' || payment.fiscal_job?.state === 'failed') return 'failed';
  if (payment.fiscal_job?.state === 'outcome_unknown') return 'unknown';
  return 'waiting';
}

export interface FollowOptions {
  read: (id: number, signal: AbortSignal) => Promise<PaymentJson>;
  /** Called with every answer, so the screen shows «в очереди» → «печатается» as it happens. */
  onUpdate?: (payment: PaymentJson) => void;
  signal: AbortSignal;
  /** Give up waiting after this long (the payment stays safe in the queue). */
  timeoutMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface FollowResult {
  payment: PaymentJson;
  /** `timeout`: still waiting when the cashier's patience (timeoutMs) ran out. */
  outcome: Exclude<PaymentOutcome, 'waiting'> | 'timeout';
}

// A receipt usually takes one to three seconds on a Shtrih device: ask often at first, then less.
const DELAYS_MS = [400, 600, 800, 1000, 1500, 2000];

/** Reads the payment until it leaves `waiting`; read errors (a blip on the LAN) are retried until timeout. */
export async function followPayment(first: PaymentJson, options: FollowOptions): Promise<FollowResult> {
  const { read, onUpdate, signal, timeoutMs = 90_000, sleep = abortableSleep, now = Date.now } = options;
  const deadline = now() + timeoutMs;
  let payment = first;
  for (let attempt = 0; ; attempt++) {
    const outcome = paymentOutcome(payment);
    if (outcome !== 'waiting') return { payment, outcome };
    if (now() >= deadline) return { payment, outcome: 'timeout' };
    await sleep(DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)] as number, signal);
    try {
      payment = await read(payment.id, signal);
      onUpdate?.(payment);
    } catch (error) {
      if (signal.aborted) throw error;
      // Keep the last answer and ask again: the payment is stored, only the view is late.
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
