// The web UI served by the app (app/http/static-ui.ts): files from a fake ui/build, the index.html
// fallback for client routes, cache headers, security headers, and the API's JSON 404 left alone.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

const INDEX_HTML = '<!doctype html><title>KassaBox test build</title>';
const APP_JS = 'console.log("app");';
const ASSET = '/_app/immutable/entry/app.C4xp-CXo.js';

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('same-origin');
}

describe('a built UI', () => {
  let api: TestApi;
  let uiDir: string;

  beforeAll(async () => {
    uiDir = await mkdtemp(join(tmpdir(), 'kassabox-ui-'));
    await mkdir(join(uiDir, '_app/immutable/entry'), { recursive: true });
    await writeFile(join(uiDir, 'index.html'), INDEX_HTML);
    await writeFile(join(uiDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(uiDir, ASSET.slice(1)), APP_JS);
    await writeFile(join(uiDir, '.env'), 'SECRET=1');
    api = await startTestApi({ uiDir });
  });
  afterAll(async () => {
    await api?.close();
    await rm(uiDir, { recursive: true, force: true });
  });

  it('serves index.html at / without auth, revalidated on every load', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX_HTML);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(response.headers);
    expect((await api.app.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
  });

  it('serves hashed assets as immutable and other files as revalidated', async () => {
    const asset = await api.app.inject({ method: 'GET', url: ASSET });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe(APP_JS);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await api.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers index.html for client routes, so a reload on /registers/3 works', async () => {
    for (const url of ['/registers/3', '/cash-desk', '/payments?account=100200', '/login']) {
      const response = await api.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toBe(INDEX_HTML);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('keeps a missing asset, a dotfile and a non-GET a 404 instead of index.html', async () => {
    for (const url of ['/_app/immutable/entry/gone.js', '/robots.txt', '/.env']) {
      const response = await api.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe('not_found');
    }
    const post = await api.app.inject({ method: 'POST', url: '/registers', payload: {} });
    expect(post.statusCode).toBe(404);
  });

  it('leaves /api to the API: an unknown URL is the JSON 404 and a known one still needs a login', async () => {
    const unknown = await api.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      error: { code: 'not_found', message: 'There is no route GET /api/v1/no-such-thing' },
    });
    expectSecurityHeaders(unknown.headers);
    expect((await api.app.inject({ method: 'GET', url: '/api' })).statusCode).toBe(404);
    const guarded = await api.app.inject({ method: 'GET', url: '/api/v1/registers' });
    expect(guarded.statusCode).toBe(401);
    expectSecurityHeaders(guarded.headers);
    expect((await api.asAdmin({ method: 'GET', url: '/api/v1/registers' })).statusCode).toBe(200);
  });
});

describe('a box where the UI was never built', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ uiDir: join(tmpdir(), 'kassabox-no-such-ui-build') });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 with what to do, and the API works as before', async () => {
    for (const url of ['/', '/registers/3']) {
      const response = await api.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(503);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body).toMatch(/run make ui/);
      expectSecurityHeaders(response.headers);
    }
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/nope' })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  });
});
