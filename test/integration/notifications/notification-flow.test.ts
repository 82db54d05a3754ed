// The whole path on a real box (SQLite, the API, the alert service): an alert is raised → deliveries
// are queued → the sender loop delivers them to local fakes; cleared → delivered again. Routing, quiet
// hours, retries with backoff, giving up, the failure alert, and "send test".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertCondition } from '../../../app/alerts/alert-types.ts';
import { createOrganization, createRegister } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import {
  type HttpFake,
  mailSubject,
  type SmtpFake,
  startHttpFake,
  startSmtpFake,
} from '../../helpers/notification-fakes.ts';

let api: TestApi;
let hook: HttpFake;
let smtp: SmtpFake;
beforeEach(async () => {
  api = await startTestApi();
  hook = await startHttpFake();
  smtp = await startSmtpFake();
});
afterEach(async () => {
  await api.close();
  await hook.close();
  await smtp.close();
});

const MINUTE = 60_000;

async function createChannel(payload: object): Promise<number> {
  const response = await api.asAdmin({ method: 'POST', url: '/api/v1/notification-channels', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

function webhookChannel(extra: object = {}) {
  return createChannel({ kind: 'webhook', name: 'NOC', config: { url: `${hook.base}/hook` }, ...extra });
}

async function log(query = '') {
  const response = await api.asAdmin({ method: 'GET', url: `/api/v1/notifications${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as {
    id: number;
    channel_name: string;
    event_kind: string;
    state: string;
    attempts: number;
    next_at: string;
    last_error: string | null;
    alert: { rule: string; severity: string } | null;
  }[];
}

function condition(
  rule: AlertCondition['rule'],
  severity: AlertCondition['severity'],
  extra: Partial<AlertCondition> = {},
): AlertCondition {
  return { rule, subject: 'box', severity, message: `${rule}: проверка`, value: null, ...extra };
}

const run = () => api.deps.notifications.dispatcher.runDue();
const hookEvents = () =>
  hook.requests.map((r) => JSON.parse(r.body) as { event: string; alert: { rule: string } });

describe('an alert on its way to people', () => {
  it('is queued when raised, delivered to each channel, and again when cleared', async () => {
    const organization = await createOrganization(api);
    const registerId = await createRegister(api, {
      organization_id: organization,
      name: 'Касса у окна',
      host: '127.0.0.1',
      port: 1,
      enabled: false,
    });
    await webhookChannel();
    await createChannel({
      kind: 'email',
      name: 'Почта',
      config: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'box@x.ru', to: ['noc@x.ru'] },
    });

    api.deps.alerts.reconcile([
      condition('paper_out', 'warning', { subject: `register:${registerId}`, message: 'Нет бумаги' }),
    ]);
    const queued = await log('?state=pending');
    expect(queued.map((n) => [n.channel_name, n.event_kind])).toEqual([
      ['Почта', 'raised'],
      ['NOC', 'raised'],
    ]);

    expect(await run()).toBe(2);
    expect(hookEvents()).toMatchObject([{ event: 'raised', alert: { rule: 'paper_out' } }]);
    expect(JSON.parse(hook.requests[0]!.body).register).toEqual({ id: registerId, name: 'Касса у окна' });
    expect(smtp.mails.map((m) => mailSubject(m.raw))).toEqual(['KassaBox: Внимание: нет бумаги']);
    expect((await log()).map((n) => n.state)).toEqual(['sent', 'sent']);

    api.clock.advance(5 * MINUTE);
    api.deps.alerts.reconcile([]);
    await run();
    expect(hookEvents().map((e) => e.event)).toEqual(['raised', 'cleared']);
    expect(mailSubject(smtp.mails[1]!.raw)).toBe('KassaBox: Устранено: нет бумаги');
    expect(await log('?state=pending')).toEqual([]);
  });

  it('follows the routes: rule and minimum severity; a severity increase notifies, other updates do not', async () => {
    await webhookChannel({ routes: [{ rule: 'fn_expiry', min_severity: 'critical' }] });
    api.deps.alerts.reconcile([condition('paper_out', 'critical'), condition('fn_expiry', 'warning')]);
    expect(await log()).toEqual([]);

    api.deps.alerts.reconcile([condition('paper_out', 'critical'), condition('fn_expiry', 'critical')]);
    api.deps.alerts.reconcile([
      condition('paper_out', 'critical'),
      condition('fn_expiry', 'critical', { message: 'ФН истекает через 2 дня' }),
    ]);
    // Back to warning and up again: a second increase is told again.
    api.deps.alerts.reconcile([condition('paper_out', 'critical'), condition('fn_expiry', 'warning')]);
    api.deps.alerts.reconcile([condition('paper_out', 'critical'), condition('fn_expiry', 'critical')]);
    await run();
    expect(hookEvents().map((e) => [e.event, e.alert.rule])).toEqual([
      ['escalated', 'fn_expiry'],
      ['escalated', 'fn_expiry'],
    ]);
    // Cleared at critical: the route wants it.
    api.deps.alerts.reconcile([condition('paper_out', 'critical')]);
    await run();
    expect(hookEvents().at(-1)!.event).toBe('cleared');
  });

  it('does not queue for a disabled channel', async () => {
    await webhookChannel({ enabled: false });
    api.deps.alerts.reconcile([condition('disk_low', 'critical')]);
    expect(await log()).toEqual([]);
  });
});

describe('quiet hours', () => {
  it('hold a warning until they end, while a critical alert goes at once', async () => {
    await webhookChannel({
      quiet_hours: { start: '22:00', end: '08:00', timezone: 'Europe/Moscow' },
      critical_bypasses_quiet: true,
    });
    api.clock.advance(10 * 60 * MINUTE); // 20:00 UTC = 23:00 in Moscow
    api.deps.alerts.reconcile([condition('disk_low', 'warning'), condition('paper_out', 'critical')]);
    expect(await run()).toBe(1);
    expect(hookEvents().map((e) => e.alert.rule)).toEqual(['paper_out']);
    const [waiting] = await log('?state=pending');
    expect(waiting!.next_at).toBe('2026-11-23T05:00:00.000Z'); // 08:00 in Moscow
    expect(waiting!.attempts).toBe(0);

    api.clock.advance(8 * 60 * MINUTE); // 04:00 UTC: still quiet
    expect(await run()).toBe(0);
    api.clock.advance(60 * MINUTE);
    expect(await run()).toBe(1);
    expect(hookEvents().map((e) => e.alert.rule)).toEqual(['paper_out', 'disk_low']);
  });

  it('hold critical alerts too when the channel says so', async () => {
    await webhookChannel({
      quiet_hours: { start: '22:00', end: '08:00', timezone: null },
      critical_bypasses_quiet: false,
    });
    api.clock.advance(10 * 60 * MINUTE);
    api.deps.alerts.reconcile([condition('paper_out', 'critical')]);
    expect(await run()).toBe(0);
    expect(hook.requests).toEqual([]);
  });
});

describe('a failing channel', () => {
  it('is retried with growing waits, raises notification_failed, and clears it once delivered', async () => {
    await webhookChannel();
    hook.reply.status = 500;
    hook.reply.body = 'database is down';
    api.deps.alerts.reconcile([condition('disk_low', 'warning')]);
    await run();
    let [delivery] = await log();
    expect(delivery).toMatchObject({ state: 'pending', attempts: 1 });
    expect(delivery!.last_error).toMatch(/HTTP 500 from 127\.0\.0\.1:\d+: database is down/);
    expect(delivery!.next_at).toBe(new Date(api.clock.now().getTime() + 30_000).toISOString());

    const failed = api.deps.notifications.failureConditions();
    expect(failed).toEqual([
      expect.objectContaining({ rule: 'notification_failed', subject: 'box', severity: 'warning', value: 1 }),
    ]);
    expect(failed[0]!.message).toContain('«NOC»');

    api.clock.advance(29_000);
    expect(await run()).toBe(0);
    api.clock.advance(1_000);
    await run();
    [delivery] = await log('?state=pending');
    expect(delivery!.attempts).toBe(2);
    expect(delivery!.next_at).toBe(new Date(api.clock.now().getTime() + 60_000).toISOString());

    hook.reply.status = 200;
    api.clock.advance(60_000);
    await run();
    expect(hook.requests).toHaveLength(3);
    expect((await log())[0]).toMatchObject({ state: 'sent', attempts: 3 });
    expect(api.deps.notifications.failureConditions()).toEqual([]);
  });

  it('gives up after the last attempt: failed in the log with its error', async () => {
    await webhookChannel();
    hook.reply.status = 502;
    api.deps.alerts.reconcile([condition('disk_low', 'warning')]);
    for (let attempt = 0; attempt < 8; attempt++) {
      await run();
      api.clock.advance(30 * MINUTE);
    }
    expect(hook.requests).toHaveLength(8);
    const failed = await log('?state=failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 8, state: 'failed' });
    expect(failed[0]!.last_error).toMatch(/HTTP 502/);
    expect(await run()).toBe(0);
  });
});

describe('send test', () => {
  it('sends now, answers the outcome, and logs it', async () => {
    const id = await webhookChannel({ enabled: false });
    const ok = await api.asAdmin({ method: 'POST', url: `/api/v1/notification-channels/${id}/test` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      ok: true,
      error: null,
      notification: { event_kind: 'test', state: 'sent' },
    });
    expect(hookEvents()[0]).toMatchObject({ event: 'test', alert: null });
    expect(JSON.parse(hook.requests[0]!.body).text).toContain('Это проверочное сообщение канала «NOC»');

    hook.reply.status = 404;
    const failed = await api.asAdmin({ method: 'POST', url: `/api/v1/notification-channels/${id}/test` });
    expect(failed.json()).toMatchObject({ ok: false, notification: { state: 'failed' } });
    expect(failed.json().error).toMatch(/HTTP 404/);
    expect((await log()).map((n) => [n.event_kind, n.state])).toEqual([
      ['test', 'failed'],
      ['test', 'sent'],
    ]);
    const missing = await api.asAdmin({ method: 'POST', url: '/api/v1/notification-channels/999/test' });
    expect(missing.statusCode).toBe(404);
  });

  it('raises notification_failed in the alert service, and clears it when a test gets through', async () => {
    const id = await webhookChannel({ routes: [] });
    const failedAlert = () => api.deps.alerts.active().find((a) => a.rule === 'notification_failed');
    hook.reply.status = 500;
    await api.asAdmin({ method: 'POST', url: `/api/v1/notification-channels/${id}/test` });
    // The alert service asks the notifications' source at each evaluation (deps.alerts.addSource).
    api.deps.alerts.evaluateNow();
    expect(failedAlert()).toMatchObject({ subject: 'box', severity: 'warning', value: 1 });
    expect(failedAlert()!.message).toMatch(/«NOC» \(HTTP 500/);
    hook.reply.status = 200;
    await api.asAdmin({ method: 'POST', url: `/api/v1/notification-channels/${id}/test` });
    api.deps.alerts.evaluateNow();
    expect(failedAlert()).toBeUndefined();
  });
});
