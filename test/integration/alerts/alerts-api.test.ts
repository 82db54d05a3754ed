// The alerts API: list and filters, one alert with its history, acknowledge (audited), thresholds
// (read, change, clear 400s, audited), the dashboard's counts, and who may do what beyond the matrix.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../app/alerts/alert-thresholds.ts';
import type { AlertCondition } from '../../../app/alerts/alert-types.ts';
import { createUser } from '../../helpers/api-fixtures.ts';
import { logIn, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi({ devices: {} });
});
afterEach(async () => {
  await api.close();
});

function condition(patch: Partial<AlertCondition>): AlertCondition {
  return {
    rule: 'paper_out',
    subject: 'register:7',
    severity: 'critical',
    message: 'Нет бумаги',
    value: null,
    ...patch,
  };
}

async function get(url: string) {
  const response = await api.asAdmin({ method: 'GET', url: `/api/v1${url}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('alerts API', () => {
  it('lists active, cleared and all alerts, newest first, by register and page', async () => {
    const paper = condition({});
    const queue = condition({
      rule: 'job_failed',
      subject: 'box',
      message: 'Чеков, которые не удалось пробить: 1',
      value: 1,
    });
    api.deps.alerts.reconcile([paper, queue]);
    api.deps.alerts.reconcile([queue]);

    const active = await get('/alerts');
    expect(active.items.map((a: { rule: string }) => a.rule)).toEqual(['job_failed']);
    expect(active.items[0]).toMatchObject({
      subject: 'box',
      register_id: null,
      severity: 'critical',
      value: 1,
    });
    expect((await get('/alerts?state=cleared')).items.map((a: { rule: string }) => a.rule)).toEqual([
      'paper_out',
    ]);
    const all = await get('/alerts?state=all');
    expect(all.items.map((a: { rule: string }) => a.rule)).toEqual(['job_failed', 'paper_out']);
    expect((await get('/alerts?state=all&register_id=7')).items.map((a: { id: number }) => a.id)).toEqual([
      all.items[1].id,
    ]);
    expect((await get(`/alerts?state=all&limit=1`)).items).toHaveLength(1);
    expect(
      (await get(`/alerts?state=all&before_id=${all.items[0].id}`)).items.map(
        (a: { rule: string }) => a.rule,
      ),
    ).toEqual(['paper_out']);
    const bad = await api.asAdmin({ method: 'GET', url: '/api/v1/alerts?state=gone' });
    expect(bad.statusCode).toBe(400);
  });

  it('shows one alert with its history and acknowledges it, audited', async () => {
    const [raised] = api.deps.alerts.reconcile([condition({})]);
    const id = raised!.alert.id;
    api.clock.advance(60_000);
    const ack = await api.asAdmin({
      method: 'POST',
      url: `/api/v1/alerts/${id}/acknowledge`,
      payload: { comment: '  везу бумагу  ' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      id,
      acknowledged_by: 'admin',
      acknowledged_at: api.clock.now().toISOString(),
    });

    const detail = await get(`/alerts/${id}`);
    expect(detail.state).toBe('active');
    expect(
      detail.events.map((e: { kind: string; by: string | null; comment: string | null }) => [
        e.kind,
        e.by,
        e.comment,
      ]),
    ).toEqual([
      ['raised', null, null],
      ['acknowledged', 'admin', 'везу бумагу'],
    ]);
    const audit = await get(`/audit?action=alert.acknowledge`);
    expect(audit.items[0]).toMatchObject({
      entity: 'alert',
      entity_id: String(id),
      actor: { name: 'admin' },
    });
    expect(audit.items[0].after).toMatchObject({ acknowledged_by: 'admin', comment: 'везу бумагу' });

    expect((await api.asAdmin({ method: 'GET', url: '/api/v1/alerts/999' })).statusCode).toBe(404);
    const missing = await api.asAdmin({ method: 'POST', url: '/api/v1/alerts/999/acknowledge', payload: {} });
    expect(missing.statusCode).toBe(404);
  });

  it('a viewer reads alerts but may not acknowledge; a technician may', async () => {
    const [raised] = api.deps.alerts.reconcile([condition({})]);
    const url = `/api/v1/alerts/${raised!.alert.id}/acknowledge`;
    await createUser(api, { username: 'noc', role: 'viewer', password: 'a long password' });
    await createUser(api, { username: 'tech', role: 'technician', password: 'a long password' });
    const viewer = await logIn(api.app, 'noc', { password: 'a long password' });
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: viewer })).statusCode).toBe(
      200,
    );
    expect((await api.app.inject({ method: 'POST', url, headers: viewer, payload: {} })).statusCode).toBe(
      403,
    );
    const tech = await logIn(api.app, 'tech', { password: 'a long password' });
    const ack = await api.app.inject({ method: 'POST', url, headers: tech, payload: {} });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledged_by).toBe('tech');
  });

  it('reads and changes thresholds, refusing bad ones with clear 400s, audited', async () => {
    const defaults = await get('/alert-thresholds');
    expect(defaults).toMatchObject({
      fn_expiry_warning_days: 30,
      fn_expiry_urgent_days: 14,
      fn_expiry_critical_days: 3,
      fn_memory_percent: 90,
      ofd_backlog_warning_days: 3,
      ofd_backlog_critical_days: 20,
      shift_max_hours: 23,
      offline_minutes: 5,
      clock_drift_seconds: 60,
      pending_minutes: 10,
      no_receipts_days: 3,
    });
    expect(Object.keys(defaults)).toHaveLength(Object.keys(DEFAULT_ALERT_THRESHOLDS).length);

    const patch = (payload: object) =>
      api.asAdmin({ method: 'PATCH', url: '/api/v1/alert-thresholds', payload });
    const changed = await patch({ no_receipts_days: 5, disk_warning_mb: 2048 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ no_receipts_days: 5, disk_warning_mb: 2048, offline_minutes: 5 });
    // A later change of another key keeps this one.
    expect((await patch({ offline_minutes: 10 })).json()).toMatchObject({
      no_receipts_days: 5,
      offline_minutes: 10,
    });
    expect(await get('/alert-thresholds')).toMatchObject({ no_receipts_days: 5, disk_warning_mb: 2048 });

    const unknown = await patch({ no_such: 1 });
    expect(unknown.statusCode).toBe(400);
    const negative = await patch({ offline_minutes: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.details[0].path).toBe('/offline_minutes');
    const crossed = await patch({ fn_expiry_critical_days: 20 });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json().error.details[0]).toMatchObject({
      path: '/fn_expiry_critical_days',
      location: 'body',
    });
    expect(crossed.json().error.message).toContain(
      'fn_expiry_critical_days (20) must not be above fn_expiry_urgent_days (14)',
    );
    expect(await get('/alert-thresholds')).toMatchObject({ fn_expiry_critical_days: 3 });

    const audit = await get('/audit?action=alert_thresholds.update');
    // Newest first: the second change, then the first; refused ones left no trace.
    expect(audit.items).toHaveLength(2);
    expect(audit.items[1].before).toMatchObject({ no_receipts_days: 3 });
    expect(audit.items[1].after).toMatchObject({ no_receipts_days: 5 });
  });

  it('the dashboard counts active alerts by severity', async () => {
    expect((await get('/dashboard')).alerts).toEqual({ critical: 0, warning: 0 });
    api.deps.alerts.reconcile([
      condition({}),
      condition({ rule: 'clock_drift', severity: 'warning' }),
      condition({ rule: 'no_receipts', severity: 'warning' }),
    ]);
    expect((await get('/dashboard')).alerts).toEqual({ critical: 1, warning: 2 });
  });
});
