// The MIB's conventions as the agent applies them (docs/KASSABOX-MIB.txt): -1 for figures a register has
// not reported, ages in seconds, days to the 30-day OFD block, Unix times, enums as the MIB numbers them.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../app/alerts/alert-types.ts';
import type { DashboardJson, DashboardRegisterJson } from '../../../../app/http/schemas/operations.ts';
import { utf8Limit } from '../../../../app/snmp/kassabox-mib.ts';
import { buildFigures, UNKNOWN } from '../../../../app/snmp/snmp-figures.ts';

const NOW = new Date('2026-11-23T12:00:00Z');

function register(overrides: Partial<DashboardRegisterJson> = {}): DashboardRegisterJson {
  return {
    id: 4,
    name: 'Касса 1',
    organization_id: 1,
    enabled: true,
    online: true,
    last_error: null,
    read_at: '2026-11-23T11:59:00Z',
    shift_state: 'open',
    shift_opened_at: '2026-11-23T02:00:00Z',
    fn_valid_until: '2027-01-10',
    fn_days_left: 48,
    fn_fill_percent: 12.6,
    fn_free_documents: 1000,
    ofd_unsent_count: 5,
    ofd_oldest_unsent_at: '2026-11-13T11:00:00Z',
    paper: 'present',
    receipts_today: 7,
    ...overrides,
  } as DashboardRegisterJson;
}

function dashboard(registers: DashboardRegisterJson[]): DashboardJson {
  return {
    generated_at: NOW.toISOString(),
    timezone: 'Europe/Moscow',
    registers,
    queue: {
      pending: 2,
      sending: 1,
      outcome_unknown: 1,
      failed: 3,
      oldest_pending_at: '2026-11-23T11:50:00Z',
    },
    receipts_today: { count: 9, sum_kopecks: 100 },
  } as DashboardJson;
}

const alert: Alert = {
  id: 17,
  rule: 'paper_out',
  subject: 'register:4',
  registerId: 4,
  severity: 'critical',
  message: 'Касса 1: нет бумаги',
  value: null,
  state: 'active',
  raisedAt: '2026-11-23T11:00:00Z',
  updatedAt: '2026-11-23T11:00:00Z',
  clearedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
};

function figures(registers: DashboardRegisterJson[], alerts: Alert[] = []) {
  return buildFigures({
    dashboard: dashboard(registers),
    fnNumbers: new Map([[4, '9999078900010000']]),
    lastReceipts: new Map([[4, '2026-11-23T10:00:00Z']]),
    alerts,
    version: '0.1.0',
    startedAt: new Date(NOW.getTime() - 90_000),
    now: NOW,
  });
}

describe('SNMP figures', () => {
  it('gives the box scalars in the MIB units', () => {
    const { box } = figures([register()], [alert, { ...alert, id: 18, severity: 'warning' }]);
    expect(box).toEqual({
      version: '0.1.0',
      uptimeTicks: 9_000,
      queueDepth: 3,
      oldestPendingAge: 600,
      outcomeUnknown: 1,
      failed: 3,
      receiptsToday: 9,
      alertsCritical: 1,
      alertsWarning: 1,
      registerCount: 1,
    });
  });

  it('gives a register row with ages, the days to the 30-day block and Unix times', () => {
    const [row] = figures([register()]).registers;
    expect(row).toEqual({
      index: 4,
      name: 'Касса 1',
      state: 1,
      shiftState: 2,
      shiftAge: 36_000,
      fnNumber: '9999078900010000',
      fnDaysLeft: 48,
      fnFillPercent: 13,
      unsentCount: 5,
      oldestUnsentAge: 867_600,
      daysToBlock: 20,
      paper: 1,
      lastReceiptTime: Date.parse('2026-11-23T10:00:00Z') / 1000,
      fnValidUntil: '2027-01-10',
    });
  });

  it('says -1 for what a register never reported, and 30 days to the block when nothing waits', () => {
    const [unknown, sent, off] = figures([
      register({
        id: 5,
        online: false,
        read_at: null,
        shift_state: null,
        shift_opened_at: null,
        fn_valid_until: null,
        fn_days_left: null,
        fn_fill_percent: null,
        ofd_unsent_count: null,
        ofd_oldest_unsent_at: null,
        paper: null,
      }),
      register({
        id: 6,
        ofd_unsent_count: 0,
        ofd_oldest_unsent_at: null,
        shift_state: 'closed',
        paper: 'out',
      }),
      register({ id: 7, enabled: false, fn_days_left: -3, ofd_oldest_unsent_at: '2026-10-01T00:00:00Z' }),
    ]).registers;
    expect(unknown).toMatchObject({
      state: 2,
      shiftState: 4,
      shiftAge: UNKNOWN,
      fnNumber: '',
      fnDaysLeft: UNKNOWN,
      fnFillPercent: UNKNOWN,
      unsentCount: UNKNOWN,
      oldestUnsentAge: UNKNOWN,
      daysToBlock: UNKNOWN,
      paper: 4,
      lastReceiptTime: 0,
    });
    expect(sent).toMatchObject({
      shiftState: 1,
      shiftAge: UNKNOWN,
      oldestUnsentAge: 0,
      daysToBlock: 30,
      paper: 2,
    });
    expect(off).toMatchObject({ state: 3, fnDaysLeft: 0, daysToBlock: 0 });
  });

  it('gives an alert row with the register index, severity and acknowledgement as the MIB numbers them', () => {
    const [row] = figures([register()], [{ ...alert, acknowledgedAt: '2026-11-23T11:30:00Z' }]).alerts;
    expect(row).toEqual({
      id: 17,
      rule: 'paper_out',
      subject: 'register:4',
      registerIndex: 4,
      severity: 2,
      message: 'Касса 1: нет бумаги',
      raisedTime: Date.parse('2026-11-23T11:00:00Z') / 1000,
      acknowledged: 1,
      state: 1,
    });
    expect(figures([], [{ ...alert, registerId: null, subject: 'box' }]).alerts[0]?.registerIndex).toBe(0);
  });

  it('cuts UTF-8 text at 255 octets on a character boundary', () => {
    const long = 'ж'.repeat(200);
    const cut = utf8Limit(long);
    expect(Buffer.byteLength(cut)).toBe(254);
    expect(cut).toBe('ж'.repeat(127));
    expect(utf8Limit('short')).toBe('short');
  });
});
