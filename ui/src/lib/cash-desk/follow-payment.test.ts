import { describe, expect, it } from 'vitest';
import type { PaymentJson } from '../api/types.ts';
import { followPayment, paymentOutcome } from './follow-payment.ts';

function payment(state: string, status = 'accepted', receipt: object | null = null): PaymentJson {
  return { id: 1, status, receipt, fiscal_job: { state } } as unknown as PaymentJson;
}

/** A clock that moves only when the follower sleeps. */
function fakeTime() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe('paymentOutcome', () => {
  it('reads the payment the way the cashier needs it', () => {
    expect(paymentOutcome(payment('pending'))).toBe('waiting');
    expect(paymentOutcome(payment('sending'))).toBe('waiting');
    expect(paymentOutcome(payment('done', 'fiscalized', { id: 4 }))).toBe('fiscalized');
    expect(paymentOutcome(payment('failed', 'failed'))).toBe('failed');
    expect(paymentOutcome(payment('outcome_unknown'))).toBe('unknown');
  });
});

describe('followPayment', () => {
  it('reads until the receipt is there and reports each step', async () => {
    const answers = [payment('sending'), payment('done', 'fiscalized', { id: 4 })];
    const seen: string[] = [];
    const result = await followPayment(payment('pending'), {
      read: async () => answers.shift() as PaymentJson,
      onUpdate: (p) => seen.push(p.fiscal_job?.state ?? ''),
      signal: new AbortController().signal,
      ...fakeTime(),
    });
    expect(result.outcome).toBe('fiscalized');
    expect(seen).toEqual(['sending', 'done']);
  });

  it('does not read at all when the first answer already has the receipt (a repeated request_id)', async () => {
    let reads = 0;
    const done = payment('done', 'fiscalized', { id: 4 });
    const result = await followPayment(done, {
      read: async () => {
        reads++;
        return done;
      },
      signal: new AbortController().signal,
      ...fakeTime(),
    });
    expect(result).toEqual({ payment: done, outcome: 'fiscalized' });
    expect(reads).toBe(0);
  });

  it('rides out a failed read and stops at a refusal', async () => {
    let call = 0;
    const result = await followPayment(payment('pending'), {
      read: async () => {
        call++;
        if (call === 1) throw new Error('network');
        return payment('failed', 'failed');
      },
      signal: new AbortController().signal,
      ...fakeTime(),
    });
    expect(result.outcome).toBe('failed');
    expect(call).toBe(2);
  });

  it('gives up waiting at the timeout, keeping the last answer', async () => {
    const result = await followPayment(payment('pending'), {
      read: async () => payment('pending'),
      signal: new AbortController().signal,
      timeoutMs: 5000,
      ...fakeTime(),
    });
    expect(result.outcome).toBe('timeout');
  });

  it('stops when the cashier leaves (abort)', async () => {
    const controller = new AbortController();
    const promise = followPayment(payment('pending'), {
      read: async () => payment('pending'),
      signal: controller.signal,
    });
    controller.abort(new Error('left the page'));
    await expect(promise).rejects.toThrow('left the page');
  });
});
