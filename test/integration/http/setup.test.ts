// First run without a default password (issue 3 "Access"): while no user exists, GET /setup says so and
// POST /setup creates the admin and logs them in; from then on setup is closed (409 setup_done), also
// for two visitors racing each other.
import { afterEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../app/auth/password-hash.ts';
import { sessionHeadersOf, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
afterEach(async () => {
  await api.close();
});

function setUp(payload: object) {
  return api.app.inject({ method: 'POST', url: '/api/v1/setup', payload });
}

async function needsAdmin(): Promise<boolean> {
  const response = await api.app.inject({ method: 'GET', url: '/api/v1/setup' });
  expect(response.statusCode).toBe(200);
  return response.json().needs_admin;
}

describe('first-run setup', () => {
  it('creates the admin, logs them in and then closes', async () => {
    api = await startTestApi({ withoutAdmin: true });
    expect(api.deps.repositories.users.count()).toBe(0);
    expect(await needsAdmin()).toBe(true);

    const created = await setUp({ username: 'boss', password: 'a new password' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().user).toMatchObject({ username: 'boss', role: 'admin', disabled: false });
    expect(String(created.headers['set-cookie'])).toMatch(/^kassabox_session=.*HttpOnly/);
    const session = sessionHeadersOf(created);
    const me = await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session });
    expect(me.json().user.username).toBe('boss');
    // The CSRF token of the answer works for the next change.
    const organizations = await api.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: session,
      payload: { name: 'ООО', inn: '7707083893', tax_system: 'osn' },
    });
    expect(organizations.statusCode).toBe(201);

    const user = api.deps.repositories.users.findByUsername('boss')!;
    expect(await verifyPassword('a new password', user.passwordHash)).toBe(true);
    expect(await needsAdmin()).toBe(false);
    const again = await setUp({ username: 'intruder', password: 'another password' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('setup_done');
    expect(api.deps.repositories.users.count()).toBe(1);
  });

  it('lets exactly one of two visitors at once become the admin', async () => {
    api = await startTestApi({ withoutAdmin: true });
    const answers = await Promise.all([
      setUp({ username: 'first', password: 'password one' }),
      setUp({ username: 'second', password: 'password two' }),
      setUp({ username: 'third', password: 'password three' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    expect(api.deps.repositories.users.count()).toBe(1);
  });

  it('audits the creation and the login, without the password', async () => {
    api = await startTestApi({ withoutAdmin: true });
    await setUp({ username: 'boss', password: 'audited secret' });
    const rows = api.deps.audit.list({ limit: 10 });
    expect(rows.map((row) => row.action).sort()).toEqual(['auth.login', 'user.create']);
    const create = rows.find((row) => row.action === 'user.create')!;
    expect(create.actorKind).toBe('anonymous');
    expect(JSON.parse(create.afterJson!)).toEqual({ username: 'boss', role: 'admin', bootstrap: 'setup' });
    expect(JSON.stringify(rows)).not.toContain('audited secret');
  });

  it('refuses a short password or a bad username with 400, creating nobody', async () => {
    api = await startTestApi({ withoutAdmin: true });
    const short = await setUp({ username: 'boss', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('/password');
    const spaced = await setUp({ username: 'big boss', password: 'long enough' });
    expect(spaced.statusCode).toBe(400);
    expect(await needsAdmin()).toBe(true);
  });

  it('is closed from the start when KASSABOX_ADMIN_PASSWORD made the admin', async () => {
    api = await startTestApi();
    expect(await needsAdmin()).toBe(false);
    expect((await setUp({ username: 'boss', password: 'a new password' })).statusCode).toBe(409);
  });
});
