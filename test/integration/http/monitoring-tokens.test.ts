// Monitoring tokens and who may read GET /metrics (issue 4 "Prometheus"; docs/api.md "Metrics",
// "Monitoring tokens"): a kbm_ token made by an admin, shown once, stored as its SHA-256, revocable and
// audited, reads /metrics and nothing else; a source's API token and a cashier may not read /metrics.
// The role matrix (role-matrix.test.ts) also calls every route with a monitoring token.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBillingOrganization, createUser } from '../../helpers/api-fixtures.ts';
import { logIn, startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { promtoolCheckMetrics } from '../../helpers/promtool.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

async function issue(name = 'prometheus noc'): Promise<{ id: number; token: string; prefix: string }> {
  const response = await api.asAdmin({ method: 'POST', url: '/api/v1/monitoring-tokens', payload: { name } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

function scrape(authorization: string, url = '/api/v1/metrics', method: 'GET' | 'POST' = 'GET') {
  return api.app.inject({ method, url, headers: { authorization } });
}

describe('monitoring tokens', () => {
  it('are kbm_ + 32 random bytes, shown once, listed by prefix only, stored as their SHA-256', async () => {
    const issued = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/monitoring-tokens',
      payload: { name: 'prometheus noc' },
    });
    expect(issued.statusCode).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const { token, prefix, id } = issued.json();
    expect(token).toMatch(/^kbm_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(token.length / 2);

    const list = await api.asAdmin({ method: 'GET', url: '/api/v1/monitoring-tokens' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.json().items).toEqual([
      {
        id,
        name: 'prometheus noc',
        prefix,
        created_by_user_id: 1,
        created_at: '2026-11-22T10:00:00.000Z',
        last_used_at: null,
        revoked_at: null,
      },
    ]);
    const rows = api.deps.db.prepare('SELECT * FROM monitoring_token').all();
    expect(JSON.stringify(rows)).not.toContain(token.slice(prefix.length));
    expect(api.logText()).not.toContain(token.slice(prefix.length));

    const audit = api.deps.audit.list({ limit: 1, action: 'monitoring_token.issue' })[0]!;
    expect(audit.actorName).toBe('admin');
    expect(audit.entityId).toBe(String(id));
    expect(audit.afterJson).toContain(prefix);
    expect(audit.afterJson).not.toContain(token.slice(prefix.length));
  });

  it('read /metrics in the Prometheus text format, which promtool accepts, and note when they were used', async () => {
    const { id, token } = await issue();
    const response = await scrape(`Bearer ${token}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatch(/^kassabox_build_info\{version="[^"]+",node_version="[^"]+"\} 1$/m);
    expect(response.body).toMatch(/^kassabox_queue_jobs\{state="pending"\} 0$/m);
    expect(response.body).toMatch(/^kassabox_alerts_active\{rule="fn_expiry",severity="critical"\} 0$/m);
    expect(response.body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(response.body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    // Never verified in this test box: the journal verdict is left out, not shown as a failure.
    expect(response.body).not.toMatch(/^kassabox_journal_ok /m);
    expect(await promtoolCheckMetrics(response.body)).toEqual({ exitCode: 0, problems: '' });

    const list = await api.asAdmin({ method: 'GET', url: '/api/v1/monitoring-tokens' });
    expect(list.json().items.find((t: { id: number }) => t.id === id).last_used_at).toBe(
      '2026-11-22T10:00:00.000Z',
    );
  });

  it('stop working once revoked (401); revoking is audited and answers the same when repeated', async () => {
    const { id, token } = await issue();
    expect((await scrape(`Bearer ${token}`)).statusCode).toBe(200);
    api.clock.advance(60_000);
    const revoke = await api.asAdmin({ method: 'DELETE', url: `/api/v1/monitoring-tokens/${id}` });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revoked_at).toBe('2026-11-22T10:01:00.000Z');
    const refused = await scrape(`Bearer ${token}`);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('unauthenticated');

    const again = await api.asAdmin({ method: 'DELETE', url: `/api/v1/monitoring-tokens/${id}` });
    expect(again.json()).toEqual(revoke.json());
    const audits = api.deps.audit.list({ limit: 10, action: 'monitoring_token.revoke' });
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]!.beforeJson!).revoked_at).toBeNull();
    expect(JSON.parse(audits[0]!.afterJson!).revoked_at).toBe('2026-11-22T10:01:00.000Z');

    const missing = await api.asAdmin({ method: 'DELETE', url: '/api/v1/monitoring-tokens/999' });
    expect(missing.statusCode).toBe(404);
  });

  it('refuse an unknown kbm_ token with 401', async () => {
    const response = await scrape(`Bearer kbm_${'A'.repeat(43)}`);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('reach nothing but /metrics (403), not even the monitoring tokens', async () => {
    const { token } = await issue();
    for (const url of [
      '/api/v1/dashboard',
      '/api/v1/payments',
      '/api/v1/monitoring-tokens',
      '/api/v1/auth/me',
    ]) {
      const response = await scrape(`Bearer ${token}`, url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    const mint = await api.app.inject({
      method: 'POST',
      url: '/api/v1/monitoring-tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'escalate' },
    });
    expect(mint.statusCode).toBe(403);
  });
});

describe('GET /metrics', () => {
  it('refuses a source API token (403) and a cashier (403); lets a viewer in', async () => {
    const billing = await createBillingOrganization(api, { source: 'billing' });
    const withApiToken = await scrape(`Bearer ${billing.token}`);
    expect(withApiToken.statusCode).toBe(403);
    expect(withApiToken.json().error.code).toBe('forbidden');

    await createUser(api, { username: 'kassir', role: 'cashier', password: 'cashier password' });
    await createUser(api, { username: 'noc', role: 'viewer', password: 'viewer password' });
    const cashier = await logIn(api.app, 'kassir', { password: 'cashier password' });
    const viewer = await logIn(api.app, 'noc', { password: 'viewer password' });
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: cashier })).statusCode,
    ).toBe(403);
    const asViewer = await api.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: viewer });
    expect(asViewer.statusCode).toBe(200);
    expect(asViewer.body).toContain('kassabox_receipts_today 0');
  });

  it('refuses anyone without credentials (401)', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(response.statusCode).toBe(401);
  });
});
