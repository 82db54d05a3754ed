import { describe, expect, it } from 'vitest';
import type { DashboardRegisterJson } from '../api/types.ts';
import { queueProblems, registerProblems, worstTone } from './health.ts';

const now = new Date('2026-11-22T12:00:00Z');

function register(overrides: Partial<DashboardRegisterJson> = {}): DashboardRegisterJson {
  return {
    id: 1,
    name: 'Касса 1',
    organization_id: 1,
    enabled: true,
    online: true,
    last_error: null,
    read_at: '2026-11-22T11:59:00.000Z',
    shift_state: 'open',
    shift_opened_at: '2026-11-22T06:00:00.000Z',
    fn_valid_until: '2027-11-22',
    fn_days_left: 365,
    fn_fill_percent: 12.5,
    fn_free_documents: 200000,
    ofd_unsent_count: 0,
    ofd_oldest_unsent_at: null,
    paper: 'present',
    receipts_today: 3,
    clock_drift_seconds: null,
    fn_replace_by: null,
    ...overrides,
  };
}

const texts = (r: DashboardRegisterJson) => registerProblems(r, now).map((p) => p.text);

describe('registerProblems', () => {
  it('finds nothing wrong with a healthy register', () => {
    expect(texts(register())).toEqual([]);
    expect(worstTone(registerProblems(register(), now))).toBe('ok');
  });

  it('flags a register that is offline or out of paper as danger', () => {
    const problems = registerProblems(register({ online: false, paper: 'out' }), now);
    expect(problems.map((p) => p.field)).toEqual(['online', 'paper']);
    expect(worstTone(problems)).toBe('danger');
  });

  it('warns 30 days before the FN ends and alarms in the last 3', () => {
    expect(texts(register({ fn_days_left: 30 }))).toEqual([]);
    expect(registerProblems(register({ fn_days_left: 29 }), now)[0]).toMatchObject({ tone: 'warn' });
    expect(registerProblems(register({ fn_days_left: 3 }), now)[0]).toMatchObject({ tone: 'danger' });
    expect(texts(register({ fn_days_left: 0 }))).toEqual(['Срок ФН истёк']);
  });

  it('alarms when documents stay unsent to the OFD for over a day', () => {
    expect(
      texts(register({ ofd_unsent_count: 2, ofd_oldest_unsent_at: '2026-11-21T11:30:00.000Z' })),
    ).toEqual(['Документы не уходят в ОФД больше суток']);
    expect(
      texts(register({ ofd_unsent_count: 2, ofd_oldest_unsent_at: '2026-11-21T12:30:00.000Z' })),
    ).toEqual([]);
  });

  it('warns about an expired shift and a nearly full FN', () => {
    expect(texts(register({ shift_state: 'expired', fn_fill_percent: 93.4 }))).toEqual([
      'ФН заполнен на 93%',
      'Смена длится больше 24 ч',
    ]);
  });

  it('says nothing about a register switched off on purpose', () => {
    expect(texts(register({ enabled: false, online: false }))).toEqual([]);
  });
});

describe('queueProblems', () => {
  const queue = { pending: 0, sending: 0, outcome_unknown: 0, failed: 0, oldest_pending_at: null };

  it('reports failed and unknown-outcome jobs and a stuck queue', () => {
    expect(queueProblems(queue, now)).toEqual([]);
    const problems = queueProblems(
      { ...queue, failed: 1, outcome_unknown: 2, pending: 5, oldest_pending_at: '2026-11-22T11:45:00Z' },
      now,
    );
    expect(problems.map((p) => p.tone)).toEqual(['danger', 'warn', 'warn']);
  });
});
