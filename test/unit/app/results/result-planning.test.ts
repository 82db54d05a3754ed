// The pure parts of results back: which planner plans what for a finished payment, the retry
// schedule, and the callback signature a billing verifies.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signature } from '../../../../app/notifications/senders/webhook-sender.ts';
import type { FinishedPayment } from '../../../../app/results/delivery-planner.ts';
import { RETRY_DELAYS_MS, retryDelayMs } from '../../../../app/results/retry-schedule.ts';
import { billingMarkPlanner, sourceCallbackPlanner } from '../../../../app/results/source-planners.ts';
import type { ResultTargetRow } from '../../../../app/storage/result-target-repository.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function target(fields: Partial<ResultTargetRow>): ResultTargetRow {
  return {
    sourceId: 1,
    callbackUrl: null,
    callbackSecret: null,
    markInBilling: false,
    updatedAt: '2026-11-22T10:00:00.000Z',
    ...fields,
  };
}

const finished = (outcome: 'done' | 'failed'): FinishedPayment => ({
  paymentId: 7,
  sourceId: 1,
  externalId: '1007',
  outcome,
});

// A payment view as the payment routes read it, enough for paymentJson.
const views = {
  byId: (id: number) =>
    id === 7
      ? {
          payment: {
            id: 7,
            sourceId: 1,
            externalId: '1007',
            account: 'ACC1',
            amountKopecks: 10_000,
            method: 'electronic' as const,
            customerContact: null,
            paidAt: '2026-11-22T06:00:00.000Z',
            acceptedAt: '2026-11-22T06:00:01.000Z',
            status: 'failed' as const,
          },
          job: undefined,
          receipt: undefined,
        }
      : undefined,
};

describe('source planners', () => {
  it('plans a callback with the payment JSON fixed at planning time, only when the source has a URL', () => {
    const none = sourceCallbackPlanner({ targets: { get: () => target({}) }, views });
    expect(none(finished('done'))).toEqual([]);
    const planner = sourceCallbackPlanner({
      targets: { get: () => target({ callbackUrl: 'https://billing.example/kb' }) },
      views,
    });
    const [planned] = planner(finished('failed'));
    expect(planned).toMatchObject({ kind: 'callback', url: 'https://billing.example/kb' });
    const body = JSON.parse(planned!.bodyJson!);
    expect(body.event).toBe('payment.failed');
    expect(body.payment).toMatchObject({ id: 7, external_id: '1007', status: 'failed', receipt: null });
    expect(JSON.parse(planner(finished('done'))[0]!.bodyJson!).event).toBe('payment.fiscalized');
  });

  it('plans a billing mark only for a fiscalized payment of a source that asked and has a poller', () => {
    const poller = {
      getBySource: () => ({ id: 1, billingConnectionId: 3 }) as never,
      connectionKind: (id: number) => (id === 3 ? 'sql' : undefined),
    };
    const marking = billingMarkPlanner({
      targets: { get: () => target({ markInBilling: true }) },
      pollers: poller,
    });
    expect(marking(finished('done'))).toEqual([{ kind: 'billing_mark' }]);
    expect(marking(finished('failed'))).toEqual([]);
    const notAsked = billingMarkPlanner({ targets: { get: () => target({}) }, pollers: poller });
    expect(notAsked(finished('done'))).toEqual([]);
    const noPoller = billingMarkPlanner({
      targets: { get: () => target({ markInBilling: true }) },
      pollers: { getBySource: () => undefined, connectionKind: () => 'sql' },
    });
    expect(noPoller(finished('done'))).toEqual([]);
    // The ABillS REST API has no place for a receipt: nothing is planned that could only fail.
    const rest = billingMarkPlanner({
      targets: { get: () => target({ markInBilling: true }) },
      pollers: { ...poller, connectionKind: () => 'abills' },
    });
    expect(rest(finished('done'))).toEqual([]);
  });
});

describe('retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, then 6 h, and gives up once a day of waits would pass', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map(retryDelayMs);
    expect(waits).toEqual([MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR]);
    expect(retryDelayMs(8)).toBeUndefined();
    const total = waits.reduce<number>((sum, wait) => sum + (wait ?? 0), 0);
    expect(total).toBeLessThanOrEqual(24 * HOUR);
    expect(RETRY_DELAYS_MS.at(-1)).toBe(6 * HOUR);
  });
});

describe('callback signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the exact body under the secret', () => {
    const body = '{"event":"payment.fiscalized","payment":{"id":7}}';
    const expected = createHmac('sha256', 'secret-of-the-billing').update(body, 'utf8').digest('hex');
    expect(signature('secret-of-the-billing', body)).toBe(`sha256=${expected}`);
    expect(signature('secret-of-the-billing', `${body} `)).not.toBe(`sha256=${expected}`);
  });
});
