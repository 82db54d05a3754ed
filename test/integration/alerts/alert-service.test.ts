// The alert service over a real database: raise, update, clear, acknowledge, history, listeners, sources.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertCondition, AlertEvent } from '../../../app/alerts/alert-types.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

const paper: AlertCondition = {
  rule: 'paper_out',
  subject: 'register:1',
  severity: 'critical',
  message: 'Нет бумаги',
  value: null,
};
const queue: AlertCondition = {
  rule: 'queue_pending_age',
  subject: 'box',
  severity: 'warning',
  message: 'Чек ждёт отправки больше 10 мин',
  value: 12,
};

describe('AlertService', () => {
  it('raises, updates and clears with a history row for each step, and tells its listeners', () => {
    const alerts = api.deps.alerts;
    const heard: string[] = [];
    alerts.subscribe((event: AlertEvent) => heard.push(`${event.kind}:${event.alert.rule}`));
    let bus = 0;
    api.deps.events.subscribe((change) => {
      if (change === 'alert') bus++;
    });

    alerts.reconcile([paper, queue]);
    expect(alerts.active().map((a) => [a.rule, a.subject, a.registerId, a.state])).toEqual([
      ['paper_out', 'register:1', 1, 'active'],
      ['queue_pending_age', 'box', null, 'active'],
    ]);
    expect(heard).toEqual(['raised:paper_out', 'raised:queue_pending_age']);
    expect(bus).toBe(1);

    // The same conditions again: nothing happens.
    expect(alerts.reconcile([paper, queue])).toEqual([]);
    // Only the figure moves: the row follows quietly.
    expect(alerts.reconcile([paper, { ...queue, value: 13 }])).toEqual([]);
    expect(alerts.active()[1]!.value).toBe(13);
    // Severity changes: an update step.
    alerts.reconcile([paper, { ...queue, severity: 'critical', value: 40 }]);
    expect(heard.at(-1)).toBe('updated:queue_pending_age');

    alerts.reconcile([{ ...queue, severity: 'critical', value: 40 }]);
    expect(heard.at(-1)).toBe('cleared:paper_out');
    const cleared = alerts.list({ state: 'cleared', limit: 10 });
    expect(cleared.map((a) => a.rule)).toEqual(['paper_out']);
    expect(cleared[0]!.clearedAt).toBe(api.clock.now().toISOString());

    const queueAlert = alerts.active()[0]!;
    expect(alerts.get(queueAlert.id)!.events.map((e) => [e.kind, e.severity, e.value])).toEqual([
      ['raised', 'warning', 12],
      ['updated', 'critical', 40],
    ]);
    expect(alerts.get(cleared[0]!.id)!.events.map((e) => e.kind)).toEqual(['raised', 'cleared']);

    // Raised again later: a new alert, the old one stays in history.
    alerts.reconcile([paper, { ...queue, severity: 'critical', value: 40 }]);
    expect(alerts.list({ state: 'all', limit: 10, registerId: 1 }).map((a) => a.state)).toEqual([
      'active',
      'cleared',
    ]);
  });

  it('keeps one active alert per rule and subject in the database', () => {
    api.deps.alerts.reconcile([paper]);
    expect(() =>
      api.deps.db
        .prepare(
          `INSERT INTO alert (rule, subject, severity, message, state, raised_at, updated_at)
           VALUES ('paper_out', 'register:1', 'critical', 'x', 'active', 'n', 'n')`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it('a listener that throws does not keep the others from hearing', () => {
    const heard: string[] = [];
    api.deps.alerts.subscribe(() => {
      throw new Error('broken consumer');
    });
    api.deps.alerts.subscribe((event) => heard.push(event.kind));
    api.deps.alerts.reconcile([paper]);
    expect(heard).toEqual(['raised']);
  });

  it('asks added sources at every evaluation and keeps their alerts when one throws', () => {
    let answer: AlertCondition[] | Error = [{ ...queue, rule: 'notification_failed' }];
    api.deps.alerts.addSource('test', () => {
      if (answer instanceof Error) throw answer;
      return answer;
    });
    // Only this source's rule: the real disk and memory probes speak for the test machine.
    const ours = () => api.deps.alerts.active().filter((a) => a.rule === 'notification_failed');
    api.deps.alerts.evaluateNow();
    expect(ours()).toHaveLength(1);
    answer = new Error('source down');
    api.deps.alerts.evaluateNow();
    expect(ours()).toHaveLength(1);
    answer = [];
    api.deps.alerts.evaluateNow();
    expect(ours()).toEqual([]);
  });

  it('acknowledges with who and a comment, in the history and the audit trail', () => {
    const [raised] = api.deps.alerts.reconcile([paper]);
    const heard: string[] = [];
    api.deps.alerts.subscribe((event) => heard.push(event.kind));
    const context = { actor: { kind: 'user' as const, id: 1, name: 'admin' }, ip: '127.0.0.1' };
    const acked = api.deps.alerts.acknowledge(raised!.alert.id, context, 'бумагу везут');
    expect(acked.acknowledgedBy).toBe('admin');
    expect(acked.acknowledgedAt).toBe(api.clock.now().toISOString());
    expect(heard).toEqual(['acknowledged']);
    const last = api.deps.alerts.get(acked.id)!.events.at(-1)!;
    expect([last.kind, last.by, last.comment]).toEqual(['acknowledged', 'admin', 'бумагу везут']);
    const audit = api.deps.audit.list({ action: 'alert.acknowledge', limit: 5 })[0];
    expect(audit?.entityId).toBe(String(acked.id));
    expect(() => api.deps.alerts.acknowledge(9999, context)).toThrow(/not found|does not exist|9999/i);
  });
});
