// The OpenAPI document is the contract: every route is in it, and every route has an access rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../../app/http/access-policy.ts';
import { buildApp } from '../../../app/http/build-app.ts';
import { ROUTE_MODULES } from '../../../app/http/routes/index.ts';
import { UI_ROUTE_KEYS } from '../../../app/http/static-ui.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
const routes: { method: string; url: string }[] = [];
beforeAll(async () => {
  api = await startTestApi({
    routeModules: [
      // Records what build-app registers, through the same hook fastify gives every plugin.
      async (app) => {
        app.addHook('onRoute', (route) => {
          for (const method of [route.method].flat()) routes.push({ method, url: route.url });
        });
      },
      ...ROUTE_MODULES,
    ],
  });
});
afterAll(async () => {
  await api.close();
});

describe('OpenAPI document', () => {
  it('is served to logged-in users as OpenAPI 3 and lists every route with its method', async () => {
    const response = await api.asAdmin({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(routes.length).toBeGreaterThan(20);
    for (const { method, url } of routes) {
      const path = url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[method.toLowerCase()], `${method} ${url}`).toBeDefined();
    }
  });

  it('documents request fields and error answers', async () => {
    const doc = (await api.asAdmin({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const create = doc.paths['/api/v1/organizations'].post;
    expect(create.requestBody.content['application/json'].schema.properties.inn).toBeDefined();
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '409']));
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('access policy', () => {
  it('has an entry for every route and no entry without a route', () => {
    // The web UI's file routes sit outside /api/v1, where the recording hook cannot see them.
    const registered = new Set([...routes.map(({ method, url }) => `${method} ${url}`), ...UI_ROUTE_KEYS]);
    for (const key of registered) expect(ACCESS_POLICY[key], key).toBeDefined();
    for (const [key, access] of Object.entries(ACCESS_POLICY)) {
      // Protocol routes (ATOL Online, payment channels) live outside /api/v1, beyond the recorder.
      if ('protocol' in access) {
        const [method, url] = key.split(' ') as ['GET' | 'POST', string];
        expect(api.app.hasRoute({ method, url }), key).toBe(true);
      } else {
        expect(registered.has(key), key).toBe(true);
      }
    }
  });

  it('lets nothing but login, first-run setup, health and the UI files through without credentials', () => {
    const open = Object.entries(ACCESS_POLICY)
      .filter(([, access]) => 'public' in access && access.public === true)
      .map(([key]) => key);
    expect(open.sort()).toEqual([
      'GET /*',
      'GET /api/v1/health',
      'GET /api/v1/setup',
      'HEAD /*',
      'POST /api/v1/auth/login',
      'POST /api/v1/setup',
    ]);
  });

  it('refuses to build an app with a route that has no access rule', async () => {
    await expect(
      buildApp(api.deps, {
        routeModules: [
          async (app) => {
            app.get('/unguarded', async () => ({}));
          },
        ],
      }),
    ).rejects.toThrow(/No access policy for GET \/api\/v1\/unguarded/);
  });

  it('serves health without credentials', async () => {
    api.clock.advance(90_000);
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      journal: 'unchecked',
      version: api.deps.version,
      uptime_s: 90,
    });
  });

  it('reports a broken receipt journal as degraded once verification found it', async () => {
    api.deps.journal.last = {
      checkedAt: api.clock.now().toISOString(),
      verdict: { ok: false, entries: 3, brokenAtId: 2, reason: 'hash does not match the entry content' },
    };
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.json()).toMatchObject({ status: 'degraded', journal: 'broken' });
  });
});
