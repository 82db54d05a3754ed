// Every alert rule at its boundaries: one step inside raises, one step outside does not.
import { describe, expect, it } from 'vitest';
import {
  type AlertSnapshot,
  evaluateAlerts,
  type RegisterFacts,
} from '../../../../app/alerts/alert-evaluator.ts';
import { DEFAULT_ALERT_THRESHOLDS as T } from '../../../../app/alerts/alert-thresholds.ts';
import type { AlertCondition, AlertRule } from '../../../../app/alerts/alert-types.ts';
import type { RegistrarStatus } from '../../../../drivers/fiscal-registrar.ts';

// 10:00 UTC = 13:00 in Moscow, the registers' zone: local "today" is 2026-11-22.
const NOW = new Date('2026-11-22T10:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function status(
  patch: Partial<RegistrarStatus> = {},
  fn: Partial<RegistrarStatus['fn']> = {},
): RegistrarStatus {
  return {
    serialNumber: '0001',
    model: 'sim',
    shift: { state: 'closed', number: 1 },
    documentOpen: false,
    paper: 'present',
    deviceClock: '2026-11-22T13:00:00',
    fn: {
      number: '9999078900001',
      lastFdNumber: 10,
      validUntil: '2027-11-22',
      fiscalMode: true,
      warnings: {
        replaceUrgently: false,
        resourceExhausting: false,
        memoryAlmostFull: false,
        ofdTimeout: false,
        criticalError: false,
      },
      freeDocuments: 240_000,
      ...fn,
    },
    ofd: { unsentCount: 0 },
    ...patch,
  };
}

function register(patch: Partial<RegisterFacts> = {}): RegisterFacts {
  return {
    id: 1,
    name: 'Касса 1',
    enabled: true,
    timezone: 'Europe/Moscow',
    createdAt: ago(100 * DAY),
    online: true,
    lastError: null,
    readAt: ago(MIN),
    status: status(),
    shiftOpenedAt: null,
    clockDriftSeconds: 0,
    lastReceiptAt: ago(HOUR),
    ofdPaidUntil: null,
    ...patch,
  };
}

function snapshot(patch: Partial<AlertSnapshot> = {}): AlertSnapshot {
  return {
    registers: [register()],
    queue: { oldestPendingAt: null, outcomeUnknown: 0, failed: 0 },
    journal: { ok: true },
    diskFreeBytes: 10 * 1024 ** 3,
    memoryAvailableBytes: 1024 ** 3,
    ...patch,
  };
}

function only(rule: AlertRule, s: AlertSnapshot, thresholds = T): AlertCondition | undefined {
  const found = evaluateAlerts(s, thresholds, NOW);
  const others = found.filter((c) => c.rule !== rule);
  expect(others).toEqual([]);
  return found.find((c) => c.rule === rule);
}

const withRegister = (patch: Partial<RegisterFacts>) => snapshot({ registers: [register(patch)] });
const withStatus = (patch: Partial<RegistrarStatus>, fn: Partial<RegistrarStatus['fn']> = {}) =>
  withRegister({ status: status(patch, fn) });

describe('evaluateAlerts', () => {
  it('finds nothing on a healthy box', () => {
    expect(evaluateAlerts(snapshot(), T, NOW)).toEqual([]);
  });

  it('fn_expiry: 31 days nothing, 30 and 15 warning, 14 urgent warning, 4 warning, 3 and past critical', () => {
    const at = (validUntil: string) => only('fn_expiry', withStatus({}, { validUntil }));
    expect(at('2026-12-23')).toBeUndefined();
    expect(at('2026-12-22')).toMatchObject({ severity: 'warning', value: 30, subject: 'register:1' });
    expect(at('2026-12-22')!.message).toContain('запланируйте');
    expect(at('2026-12-07')).toMatchObject({ severity: 'warning', value: 15 });
    expect(at('2026-12-06')).toMatchObject({ severity: 'warning', value: 14 });
    expect(at('2026-12-06')!.message).toContain('срочно');
    expect(at('2026-11-26')).toMatchObject({ severity: 'warning', value: 4 });
    expect(at('2026-11-25')).toMatchObject({ severity: 'critical', value: 3 });
    expect(at('2026-11-20')).toMatchObject({ severity: 'critical', value: -2 });
    expect(at('2026-11-20')!.message).toContain('истёк');
  });

  it('fn_expiry counts days in the register zone', () => {
    // 22:30 UTC is already the 23rd in Moscow: 30 days to 2026-12-23.
    const late = new Date('2026-11-22T22:30:00.000Z');
    const found = evaluateAlerts(withStatus({}, { validUntil: '2026-12-23' }), T, late);
    expect(found.find((c) => c.rule === 'fn_expiry')?.value).toBe(30);
  });

  it('fn_memory: 89.9 % nothing, 90 % warning, the FN flag critical', () => {
    const fill = (lastFdNumber: number, freeDocuments: number) =>
      only('fn_memory', withStatus({}, { lastFdNumber, freeDocuments }));
    expect(fill(899, 101)).toBeUndefined();
    expect(fill(900, 100)).toMatchObject({ severity: 'warning', value: 90 });
    const flagged = only(
      'fn_memory',
      withStatus({}, { warnings: { ...status().fn.warnings, memoryAlmostFull: true } }),
    );
    expect(flagged).toMatchObject({ severity: 'critical' });
  });

  it('fn_warning: each other flag; urgent replacement and critical error are critical', () => {
    const flags = status().fn.warnings;
    const at = (patch: Partial<typeof flags>) =>
      only('fn_warning', withStatus({}, { warnings: { ...flags, ...patch } }));
    expect(at({ ofdTimeout: true })).toMatchObject({ severity: 'warning', value: 1 });
    expect(at({ resourceExhausting: true })).toMatchObject({ severity: 'warning' });
    expect(at({ replaceUrgently: true })).toMatchObject({ severity: 'critical' });
    expect(at({ criticalError: true, ofdTimeout: true })).toMatchObject({ severity: 'critical', value: 2 });
  });

  it('ofd_backlog: 2 days nothing, 3 and 7 warning, 20 critical, with the days until the 30-day block', () => {
    // The device's local time of the oldest unsent document (Moscow = UTC+3).
    const local = (ms: number) => {
      const d = new Date(NOW.getTime() - ms + 3 * HOUR);
      return d.toISOString().slice(0, 19);
    };
    const at = (ms: number) =>
      only('ofd_backlog', withStatus({ ofd: { unsentCount: 5, oldestUnsentTime: local(ms) } }));
    expect(at(3 * DAY - MIN)).toBeUndefined();
    expect(at(3 * DAY)).toMatchObject({ severity: 'warning', value: 3 });
    expect(at(3 * DAY)!.message).toContain('до блокировки ФН 27 дн.');
    expect(at(7 * DAY)).toMatchObject({ severity: 'warning', value: 7 });
    expect(at(7 * DAY)!.message).toContain('срочно');
    expect(at(20 * DAY - MIN)).toMatchObject({ severity: 'warning', value: 19 });
    expect(at(20 * DAY)).toMatchObject({ severity: 'critical', value: 20 });
    expect(at(20 * DAY)!.message).toContain('до блокировки ФН 10 дн.');
    // More receipts queue up behind it: the same message (no history row per receipt).
    const more = only(
      'ofd_backlog',
      withStatus({ ofd: { unsentCount: 50, oldestUnsentTime: local(3 * DAY) } }),
    );
    expect(more!.message).toBe(at(3 * DAY)!.message);
    // Nothing unsent: no alert whatever the stale date says.
    expect(
      only('ofd_backlog', withStatus({ ofd: { unsentCount: 0, oldestUnsentTime: local(25 * DAY) } })),
    ).toBe(undefined);
  });

  it('shift_age: open 23 h nothing, a minute more warning, expired critical', () => {
    const open = { shift: { state: 'open' as const, number: 7 } };
    const at = (ms: number) =>
      only('shift_age', withRegister({ status: status(open), shiftOpenedAt: ago(ms) }));
    expect(at(23 * HOUR)).toBeUndefined();
    expect(at(23 * HOUR + MIN)).toMatchObject({ severity: 'warning', value: 23 });
    expect(only('shift_age', withStatus({ shift: { state: 'expired', number: 7 } }))).toMatchObject({
      severity: 'critical',
    });
    // Opened outside the box (no opening time known): only the FN's own "expired" can tell.
    expect(only('shift_age', withRegister({ status: status(open), shiftOpenedAt: null }))).toBeUndefined();
  });

  it('register_offline: 4 min 59 s nothing, 5 min critical; never read counts from when it was added', () => {
    const at = (ms: number) => only('register_offline', withRegister({ online: false, readAt: ago(ms) }));
    expect(at(5 * MIN - 1000)).toBeUndefined();
    expect(at(5 * MIN)).toMatchObject({ severity: 'critical', value: 5 });
    expect(
      only(
        'register_offline',
        withRegister({ online: false, readAt: null, status: null, createdAt: ago(MIN) }),
      ),
    ).toBe(undefined);
    expect(
      only(
        'register_offline',
        withRegister({ online: false, readAt: null, status: null, createdAt: ago(6 * MIN) }),
      ),
    ).toMatchObject({ value: 6 });
  });

  it('paper_out: out and waiting to continue are critical', () => {
    expect(only('paper_out', withStatus({ paper: 'out' }))).toMatchObject({ severity: 'critical' });
    expect(only('paper_out', withStatus({ paper: 'out_waiting_continue' }))).toMatchObject({
      severity: 'critical',
    });
  });

  it('clock_drift: 60 s nothing, 61 s either way warning, unknown skipped', () => {
    expect(only('clock_drift', withRegister({ clockDriftSeconds: 60 }))).toBeUndefined();
    expect(only('clock_drift', withRegister({ clockDriftSeconds: -61 }))).toMatchObject({
      severity: 'warning',
      value: -61,
    });
    expect(only('clock_drift', withRegister({ clockDriftSeconds: null }))).toBeUndefined();
  });

  it('queue_pending_age: 10 min nothing, 11 min warning (box)', () => {
    const at = (ms: number) =>
      only(
        'queue_pending_age',
        snapshot({ queue: { oldestPendingAt: ago(ms), outcomeUnknown: 0, failed: 0 } }),
      );
    expect(at(10 * MIN + 59_000)).toBeUndefined();
    expect(at(11 * MIN)).toMatchObject({ severity: 'warning', value: 11, subject: 'box' });
  });

  it('job_outcome_unknown and job_failed: any one is critical', () => {
    const found = evaluateAlerts(
      snapshot({ queue: { oldestPendingAt: null, outcomeUnknown: 1, failed: 2 } }),
      T,
      NOW,
    );
    expect(found.map((c) => [c.rule, c.severity, c.value])).toEqual([
      ['job_outcome_unknown', 'critical', 1],
      ['job_failed', 'critical', 2],
    ]);
  });

  it('no_receipts: 2 days 23 h nothing, 3 days warning, never had receipts nothing, X configurable', () => {
    expect(only('no_receipts', withRegister({ lastReceiptAt: ago(3 * DAY - HOUR) }))).toBeUndefined();
    expect(only('no_receipts', withRegister({ lastReceiptAt: ago(3 * DAY) }))).toMatchObject({
      severity: 'warning',
      value: 3,
    });
    expect(only('no_receipts', withRegister({ lastReceiptAt: null }))).toBeUndefined();
    expect(
      only('no_receipts', withRegister({ lastReceiptAt: ago(DAY) }), { ...T, noReceiptsDays: 1 }),
    ).toMatchObject({ value: 1 });
  });

  it('a disabled register raises nothing at all', () => {
    expect(
      evaluateAlerts(
        withRegister({ enabled: false, online: false, readAt: null, status: status({ paper: 'out' }) }),
        T,
        NOW,
      ),
    ).toEqual([]);
  });

  it('ofd_paid_period: 31 days nothing, 30 warning, 7 critical, past critical; null skipped', () => {
    const at = (ofdPaidUntil: string | null) => only('ofd_paid_period', withRegister({ ofdPaidUntil }));
    expect(at(null)).toBeUndefined();
    expect(at('2026-12-23')).toBeUndefined();
    expect(at('2026-12-22')).toMatchObject({ severity: 'warning', value: 30 });
    expect(at('2026-11-30')).toMatchObject({ severity: 'warning', value: 8 });
    expect(at('2026-11-29')).toMatchObject({ severity: 'critical', value: 7 });
    expect(at('2026-11-01')!.message).toContain('закончился');
  });

  it('disk_low and memory_low: warning below the first limit, critical below the second, unknown skipped', () => {
    const MiB = 1024 ** 2;
    expect(only('disk_low', snapshot({ diskFreeBytes: 1024 * MiB }))).toBeUndefined();
    expect(only('disk_low', snapshot({ diskFreeBytes: 1023 * MiB }))).toMatchObject({
      severity: 'warning',
      value: 1023,
    });
    expect(only('disk_low', snapshot({ diskFreeBytes: 255 * MiB }))).toMatchObject({ severity: 'critical' });
    expect(only('disk_low', snapshot({ diskFreeBytes: null }))).toBeUndefined();
    expect(only('memory_low', snapshot({ memoryAvailableBytes: 128 * MiB }))).toBeUndefined();
    expect(only('memory_low', snapshot({ memoryAvailableBytes: 127 * MiB }))).toMatchObject({
      severity: 'warning',
    });
    expect(only('memory_low', snapshot({ memoryAvailableBytes: 63 * MiB }))).toMatchObject({
      severity: 'critical',
    });
  });

  it('journal_broken: a failed verification is critical; none yet is nothing', () => {
    expect(
      only('journal_broken', snapshot({ journal: { ok: false, brokenAtId: 42, reason: 'x' } })),
    ).toMatchObject({
      severity: 'critical',
      value: 42,
      subject: 'box',
    });
    expect(only('journal_broken', snapshot({ journal: null }))).toBeUndefined();
  });
});
