import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../../app/auth/lockout.ts';
import { IDLE_TIMEOUT_MS } from '../../../app/auth/sessions.ts';
import {
  ADMIN_PASSWORD,
  type SessionHeaders,
  startTestApi,
  type TestApi,
} from '../../helpers/api-harness.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

function login(username: string, password: string) {
  return api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
}

function get(url: string, session?: SessionHeaders | { cookie: string }) {
  return api.app.inject({ method: 'GET', url, headers: session ?? {} });
}

describe('login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns the user', async () => {
    const response = await login('admin', ADMIN_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ id: 1, username: 'admin', role: 'admin' });
    expect(body.session.current).toBe(true);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^kassabox_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    // Plain HTTP in the test: Secure would make the browser drop the cookie.
    expect(setCookie).not.toContain('Secure');
    // The session id shown is the hash of the token, never the token.
    const token = response.cookies[0]!.value;
    expect(response.body).not.toContain(token);
  });

  it('accepts the username in any letter case', async () => {
    expect((await login('ADMIN', ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('answers 401 invalid_credentials for a wrong password or an unknown user, alike', async () => {
    const wrong = await login('admin', 'not the password');
    const unknown = await login('nobody', 'whatever');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it(`locks the account for 15 minutes after ${MAX_FAILED_LOGINS} failures, even for the right password`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect((await login('admin', `wrong ${i}`)).statusCode).toBe(401);
    }
    const locked = await login('admin', ADMIN_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('account_locked');
    expect(Number(locked.headers['retry-after'])).toBe(LOCKOUT_MS / 1000);

    api.clock.advance(LOCKOUT_MS - 1000);
    expect((await login('admin', ADMIN_PASSWORD)).statusCode).toBe(429);
    api.clock.advance(2000);
    expect((await login('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('counts afresh after a successful login', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await login('admin', 'wrong');
    expect((await login('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await login('admin', 'wrong');
    expect((await login('admin', ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('audits logins, failures and the lock', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('admin', 'wrong');
    api.clock.advance(LOCKOUT_MS);
    await login('admin', ADMIN_PASSWORD);
    const actions = api.deps.audit.list({ limit: 50 }).map((row) => row.action);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(MAX_FAILED_LOGINS);
    expect(actions).toContain('user.locked');
    expect(actions[0]).toBe('auth.login');
  });

  it('answers 400 naming the missing fields', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'a' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: '/password', location: 'body', message: 'is required (or pin, for a cashier)' },
    ]);
  });
});

describe('sessions', () => {
  it('refuses every protected route without credentials (401)', async () => {
    for (const url of ['/api/v1/auth/me', '/api/v1/organizations', '/api/v1/openapi.json', '/api/v1/audit']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('answers 401 before looking at the body of a protected route', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { bad: true },
    });
    expect(response.statusCode).toBe(401);
  });

  it('knows the logged-in user', async () => {
    const session = await api.loginAdmin();
    const me = await get('/api/v1/auth/me', session);
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(me.json().user.last_login_at).toBe('2026-11-22T10:00:00.000Z');
    expect(me.json().csrf_token).toBe(session['x-csrf-token']);
  });

  it('refuses a made-up cookie', async () => {
    const response = await get('/api/v1/auth/me', { cookie: `kassabox_session=${'x'.repeat(43)}` });
    expect(response.statusCode).toBe(401);
  });

  it('ends the session on logout', async () => {
    const session = await api.loginAdmin();
    const logout = await api.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/kassabox_session=;/);
    expect((await get('/api/v1/auth/me', session)).statusCode).toBe(401);
  });

  it('lists live sessions and revokes another one; the revoked cookie is refused', async () => {
    const first = await api.loginAdmin();
    const second = await api.loginAdmin();
    const list = await get('/api/v1/auth/sessions', second);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean }[];
    expect(items).toHaveLength(2);
    const other = items.find((s) => !s.current)!;

    const revoke = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${other.id}`,
      headers: second,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', first)).statusCode).toBe(401);
    expect((await get('/api/v1/auth/me', second)).statusCode).toBe(200);
    expect(api.deps.audit.list({ limit: 1, action: 'session.revoke' })).toHaveLength(1);
  });

  it('answers 404 for an unknown session id and 400 for a malformed one', async () => {
    const session = await api.loginAdmin();
    const unknown = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${'0'.repeat(64)}`,
      headers: session,
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await api.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/sessions/xyz',
      headers: session,
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0]).toMatchObject({ path: '/id', location: 'params' });
  });

  it('expires a session left idle, and keeps a used one alive', async () => {
    const idle = await api.loginAdmin();
    const busy = await api.loginAdmin();
    for (let hour = 0; hour < 13; hour++) {
      api.clock.advance(60 * 60 * 1000);
      expect((await get('/api/v1/auth/me', busy)).statusCode).toBe(200);
    }
    expect(IDLE_TIMEOUT_MS).toBeLessThan(13 * 60 * 60 * 1000);
    expect((await get('/api/v1/auth/me', idle)).statusCode).toBe(401);
  });
});
