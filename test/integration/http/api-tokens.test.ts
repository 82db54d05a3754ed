import { Type } from 'typebox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../../app/http/access-policy.ts';
import type { RouteModule } from '../../../app/http/api-types.ts';
import { notFound } from '../../../app/http/errors.ts';
import { assertSourceAccess, sourceScope } from '../../../app/http/principal.ts';
import { ROUTE_MODULES } from '../../../app/http/routes/index.ts';
import { createOrganization, createSource, issueToken } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

// A stand-in for the payment routes (the lead's): API tokens may call it, and it uses the scope helpers.
const probeRoutes: RouteModule = async (app) => {
  app.get(
    '/probe-payments/:sourceId',
    { schema: { params: Type.Object({ sourceId: Type.Integer() }) } },
    async (request) => {
      assertSourceAccess(request, request.params.sourceId, notFound('payment', 1));
      return { scope: sourceScope(request) ?? null, principal: request.principal?.kind };
    },
  );
};

let api: TestApi;
let sourceA: number;
let sourceB: number;
beforeEach(async () => {
  api = await startTestApi({
    routeModules: [...ROUTE_MODULES, probeRoutes],
    accessPolicy: {
      ...ACCESS_POLICY,
      'GET /api/v1/probe-payments/:sourceId': { roles: ['admin'], sources: true },
    },
  });
  const organization = await createOrganization(api);
  sourceA = await createSource(api, organization, 'billing A');
  sourceB = await createSource(api, organization, 'billing B');
});
afterEach(async () => {
  await api.close();
});

function withToken(token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return api.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
}

describe('API tokens', () => {
  it('are kbx_ + 32 random bytes, shown once, listed by prefix only', async () => {
    const issued = await api.asAdmin({
      method: 'POST',
      url: `/api/v1/sources/${sourceA}/tokens`,
      payload: { name: 'abills' },
    });
    expect(issued.statusCode).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const { token, prefix } = issued.json();
    expect(token).toMatch(/^kbx_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(token.length / 2);

    const list = await api.asAdmin({ method: 'GET', url: `/api/v1/sources/${sourceA}/tokens` });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.json().items).toEqual([
      expect.objectContaining({ name: 'abills', prefix, revoked_at: null }),
    ]);
    expect(list.json().items[0]).not.toHaveProperty('token');
    expect(list.json().items[0]).not.toHaveProperty('token_hash');
  });

  it('are stored only as their SHA-256', async () => {
    const { token } = await issueToken(api, sourceA);
    const rows = api.deps.db.prepare('SELECT * FROM api_token').all();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(12));
  });

  it('reach the payment routes, scoped to their own source', async () => {
    const { token } = await issueToken(api, sourceA);
    const own = await withToken(token, 'GET', `/api/v1/probe-payments/${sourceA}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ scope: sourceA, principal: 'source' });
    const other = await withToken(token, 'GET', `/api/v1/probe-payments/${sourceB}`);
    expect(other.statusCode).toBe(404);
  });

  it('give people every source', async () => {
    const response = await api.asAdmin({ method: 'GET', url: `/api/v1/probe-payments/${sourceB}` });
    expect(response.json()).toEqual({ scope: null, principal: 'user' });
  });

  it('may not reach anything but payment routes (403)', async () => {
    const { token } = await issueToken(api, sourceA);
    for (const url of [
      '/api/v1/organizations',
      `/api/v1/sources/${sourceA}/tokens`,
      '/api/v1/auth/me',
      '/api/v1/audit',
    ]) {
      const response = await withToken(token, 'GET', url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    const mint = await withToken(token, 'POST', `/api/v1/sources/${sourceA}/tokens`, { name: 'escalate' });
    expect(mint.statusCode).toBe(403);
  });

  it('stop working once revoked (401), and the revocation is audited', async () => {
    const { id, token } = await issueToken(api, sourceA);
    const revoke = await api.asAdmin({ method: 'DELETE', url: `/api/v1/sources/${sourceA}/tokens/${id}` });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revoked_at).toBe('2026-11-22T10:00:00.000Z');
    const refused = await withToken(token, 'GET', `/api/v1/probe-payments/${sourceA}`);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('unauthenticated');
    const audit = api.deps.audit.list({ limit: 1, action: 'api_token.revoke' })[0]!;
    expect(audit.actorName).toBe('admin');
    expect(JSON.parse(audit.afterJson!).revoked_at).toBe('2026-11-22T10:00:00.000Z');
  });

  it('refuse unknown, malformed and non-Bearer credentials with 401, even next to a valid cookie', async () => {
    const session = await api.loginAdmin();
    for (const authorization of [
      `Bearer kbx_${'A'.repeat(43)}`,
      'Bearer',
      'Basic YWRtaW46YWRtaW4=',
      'Bearer a b',
    ]) {
      const response = await api.app.inject({
        method: 'GET',
        url: '/api/v1/organizations',
        headers: { ...session, authorization },
      });
      expect(response.statusCode, authorization).toBe(401);
    }
  });

  it('record when they were last used', async () => {
    const { id, token } = await issueToken(api, sourceA);
    api.clock.advance(5000);
    await withToken(token, 'GET', `/api/v1/probe-payments/${sourceA}`);
    const row = api.deps.repositories.apiTokens.getById(id)!;
    expect(row.lastUsedAt).toBe('2026-11-22T10:00:05.000Z');
  });

  it('answer 404 for an unknown source or a token of another source', async () => {
    const { id } = await issueToken(api, sourceA);
    expect((await api.asAdmin({ method: 'GET', url: '/api/v1/sources/999/tokens' })).statusCode).toBe(404);
    expect(
      (await api.asAdmin({ method: 'DELETE', url: `/api/v1/sources/${sourceB}/tokens/${id}` })).statusCode,
    ).toBe(404);
    expect(
      (await api.asAdmin({ method: 'DELETE', url: `/api/v1/sources/${sourceA}/tokens/999` })).statusCode,
    ).toBe(404);
  });
});
