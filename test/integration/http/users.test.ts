// People and access for admins (issue 3 "Access"; docs/api.md "Users"): CRUD with
// register assignments and PINs, unlock, sessions, the last-admin guard, sessions ended on changes, and
// the audit trail with secrets masked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MASK } from '../../../app/audit/audit-log.ts';
import { MAX_FAILED_LOGINS } from '../../../app/auth/lockout.ts';
import { createOrganization, createRegister, createUser } from '../../helpers/api-fixtures.ts';
import { ADMIN_PASSWORD, logIn, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
let registerIds: [number, number];
beforeEach(async () => {
  api = await startTestApi();
  const organizationId = await createOrganization(api);
  registerIds = [
    await createRegister(api, { organization_id: organizationId, name: 'Касса 1', host: 'h1', port: 7778 }),
    await createRegister(api, { organization_id: organizationId, name: 'Касса 2', host: 'h2', port: 7778 }),
  ];
});
afterEach(async () => {
  await api.close();
});

const cashier = { username: 'kate', role: 'cashier' as const, password: 'kate password' };

function asAdmin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return api.asAdmin({ method, url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload }) });
}

function me(headers: object) {
  return api.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: headers as Record<string, string>,
  });
}

function lastAudit(action: string) {
  const row = api.deps.audit.list({ limit: 1, action })[0]!;
  return { row, before: JSON.parse(row.beforeJson ?? 'null'), after: JSON.parse(row.afterJson ?? 'null') };
}

describe('users', () => {
  it('creates a cashier with registers, a display name and a PIN, and shows them as UserJson', async () => {
    const created = await asAdmin('POST', '/users', {
      ...cashier,
      display_name: 'Катя Иванова',
      register_ids: [registerIds[1], registerIds[0]],
      pin: '4321',
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json();
    expect(user).toEqual({
      id: user.id,
      username: 'kate',
      display_name: 'Катя Иванова',
      role: 'cashier',
      disabled: false,
      locked_until: null,
      failed_logins: 0,
      has_pin: true,
      register_ids: [...registerIds].sort((a, b) => a - b),
      last_login_at: null,
      created_at: '2026-11-22T10:00:00.000Z',
      updated_at: '2026-11-22T10:00:00.000Z',
    });
    expect((await asAdmin('GET', `/users/${user.id}`)).json()).toEqual(user);
    const list = (await asAdmin('GET', '/users')).json().items;
    expect(list.map((u: { username: string }) => u.username)).toEqual(['admin', 'kate']);
    expect(list[1]).toEqual(user);
    await logIn(api.app, 'kate', { pin: '4321' });
    await logIn(api.app, 'kate', { password: 'kate password' });

    const audit = lastAudit('user.create');
    expect(audit.row.actorName).toBe('admin');
    expect(audit.after).toMatchObject({ username: 'kate', has_pin: true, password: MASK, pin: MASK });
    expect(audit.row.afterJson).not.toContain('4321');
    expect(audit.row.afterJson).not.toContain('kate password');
  });

  it('refuses a PIN or registers for other roles, unknown registers, a taken username and weak input', async () => {
    const cases: [object, number, string][] = [
      [{ ...cashier, role: 'technician', pin: '1234' }, 400, '/pin'],
      [{ ...cashier, role: 'viewer', register_ids: [registerIds[0]] }, 400, '/register_ids'],
      [{ ...cashier, register_ids: [registerIds[0], 999] }, 400, '/register_ids/1'],
      [{ ...cashier, pin: '12' }, 400, '/pin'],
      [{ ...cashier, pin: '12345678a' }, 400, '/pin'],
      [{ ...cashier, password: 'short' }, 400, '/password'],
      [{ ...cashier, username: 'ADMIN' }, 409, ''],
      [{ ...cashier, role: 'owner' }, 400, '/role'],
    ];
    for (const [payload, status, path] of cases) {
      const response = await asAdmin('POST', '/users', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      if (path) expect(response.json().error.details[0].path, JSON.stringify(payload)).toBe(path);
    }
    expect((await asAdmin('GET', '/users')).json().items).toHaveLength(1);
  });

  it('changes role, display name, registers and PIN; PIN null clears it', async () => {
    const id = await createUser(api, { ...cashier, pin: '1111' });
    const changed = await asAdmin('PATCH', `/users/${id}`, {
      display_name: 'Катя',
      register_ids: [registerIds[0]],
      pin: '2222',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      display_name: 'Катя',
      register_ids: [registerIds[0]],
      has_pin: true,
    });
    await logIn(api.app, 'kate', { pin: '2222' });
    const pinAudit = lastAudit('user.update');
    expect(pinAudit.before).toMatchObject({ register_ids: [], display_name: null });
    expect(pinAudit.after).toMatchObject({ register_ids: [registerIds[0]], pin: MASK });
    expect(pinAudit.row.afterJson).not.toContain('2222');

    const cleared = await asAdmin('PATCH', `/users/${id}`, { pin: null, display_name: null });
    expect(cleared.json()).toMatchObject({ has_pin: false, display_name: null });
    const pinLogin = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'kate', pin: '2222' },
    });
    expect(pinLogin.statusCode).toBe(401);
  });

  it('drops the PIN and registers when a cashier becomes another role', async () => {
    const id = await createUser(api, { ...cashier, pin: '1111', register_ids: [registerIds[0]] });
    const technician = await asAdmin('PATCH', `/users/${id}`, { role: 'technician' });
    expect(technician.json()).toMatchObject({ role: 'technician', has_pin: false, register_ids: [] });
    const refused = await asAdmin('PATCH', `/users/${id}`, { pin: '1234' });
    expect(refused.statusCode).toBe(400);
  });

  it('ends the user’s sessions when disabled, given a new role or a new password; a disabled user cannot log in', async () => {
    const id = await createUser(api, { ...cashier });
    const steps: [object, string][] = [
      [{ role: 'viewer' }, 'kate password'],
      [{ password: 'brand new password' }, 'kate password'],
      [{ disabled: true }, 'brand new password'],
    ];
    for (const [change, password] of steps) {
      const session = await logIn(api.app, 'kate', { password });
      expect((await me(session)).statusCode).toBe(200);
      const response = await asAdmin('PATCH', `/users/${id}`, change);
      expect(response.statusCode, response.body).toBe(200);
      expect((await me(session)).statusCode, JSON.stringify(change)).toBe(401);
    }
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'kate', password: 'brand new password' },
    });
    expect(login.statusCode).toBe(401);
    const passwordAudit = api.deps.audit
      .list({ limit: 10, action: 'user.update' })
      .find((row) => row.afterJson?.includes('password'))!;
    expect(JSON.parse(passwordAudit.afterJson!).password).toBe(MASK);
    expect(passwordAudit.afterJson).not.toContain('brand new password');
  });

  it('keeps the session of the admin who changes their own display name or password', async () => {
    const response = await asAdmin('PATCH', '/users/1', { password: 'the admin’s new password' });
    expect(response.statusCode).toBe(200);
    expect((await asAdmin('GET', '/auth/me')).statusCode).toBe(200);
  });

  it('never removes, disables or demotes the last enabled admin', async () => {
    for (const [method, body] of [
      ['PATCH', { disabled: true }],
      ['PATCH', { role: 'technician' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await asAdmin(method, '/users/1', body);
      expect(response.statusCode, `${method} ${JSON.stringify(body)}`).toBe(409);
      expect(response.json().error.code).toBe('last_admin');
    }
    // With a second enabled admin the first may go; then the second is the last one.
    const second = await createUser(api, { username: 'boss2', role: 'admin', password: 'boss2 password' });
    const disabledSecond = await asAdmin('PATCH', `/users/${second}`, { disabled: true });
    expect(disabledSecond.statusCode).toBe(200);
    expect((await asAdmin('DELETE', '/users/1')).json().error.code).toBe('last_admin');
    expect((await asAdmin('PATCH', `/users/${second}`, { disabled: false })).statusCode).toBe(200);
    expect((await asAdmin('PATCH', '/users/1', { role: 'viewer' })).statusCode).toBe(200);
    expect(api.deps.repositories.users.countEnabledAdmins()).toBe(1);
  });

  it('deletes a user with their sessions and assignments, audited', async () => {
    const id = await createUser(api, { ...cashier, register_ids: [registerIds[0]] });
    const session = await logIn(api.app, 'kate', { password: 'kate password' });
    expect((await asAdmin('DELETE', `/users/${id}`)).statusCode).toBe(204);
    expect((await me(session)).statusCode).toBe(401);
    expect((await asAdmin('GET', `/users/${id}`)).statusCode).toBe(404);
    expect((await asAdmin('DELETE', `/users/${id}`)).statusCode).toBe(404);
    expect(lastAudit('user.delete').before).toMatchObject({
      username: 'kate',
      register_ids: [registerIds[0]],
    });
  });

  it('unlocks a locked account', async () => {
    const id = await createUser(api, { ...cashier });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'kate', password: `wrong ${i}` },
      });
    }
    const locked = (await asAdmin('GET', `/users/${id}`)).json();
    expect(locked.locked_until).toBe('2026-11-22T10:15:00.000Z');
    const unlocked = await asAdmin('POST', `/users/${id}/unlock`);
    expect(unlocked.json()).toMatchObject({ locked_until: null, failed_logins: 0 });
    await logIn(api.app, 'kate', { password: 'kate password' });
    expect(lastAudit('user.unlock').before.locked_until).toBe('2026-11-22T10:15:00.000Z');
  });

  it('lists and ends someone’s sessions', async () => {
    const id = await createUser(api, { ...cashier });
    const first = await logIn(api.app, 'kate', { password: 'kate password' });
    const second = await logIn(api.app, 'kate', { password: 'kate password' });
    const listed = await asAdmin('GET', `/users/${id}/sessions`);
    expect(listed.json().items).toHaveLength(2);
    expect(listed.json().items.every((s: { current: boolean }) => !s.current)).toBe(true);
    const ended = await asAdmin('DELETE', `/users/${id}/sessions`);
    expect(ended.json()).toEqual({ ended: 2 });
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
    expect(lastAudit('user.sessions_revoke').after).toEqual({ sessions_ended: 2 });
    expect((await asAdmin('GET', '/users/999/sessions')).statusCode).toBe(404);
  });
});

describe('own password', () => {
  function changePassword(headers: object, body: object) {
    return api.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/password',
      headers: headers as Record<string, string>,
      payload: body,
    });
  }

  it('changes it with the current one, ending the other sessions but not this one', async () => {
    const here = await api.loginAdmin();
    const elsewhere = await api.loginAdmin();
    const response = await changePassword(here, {
      current_password: ADMIN_PASSWORD,
      new_password: 'my new password',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ other_sessions_ended: 2 });
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    await logIn(api.app, 'admin', { password: 'my new password' });
    const audit = lastAudit('user.password_change');
    expect(audit.after.password).toBe(MASK);
    expect(audit.row.afterJson).not.toContain('my new password');
  });

  it('refuses a wrong current password (counted toward the lockout) and a short new one', async () => {
    const here = await api.loginAdmin();
    const wrong = await changePassword(here, { current_password: 'nope', new_password: 'my new password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('/current_password');
    expect(api.deps.repositories.users.getById(1)!.failedLogins).toBe(1);
    const short = await changePassword(here, { current_password: ADMIN_PASSWORD, new_password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('/new_password');
    await logIn(api.app, 'admin', { password: ADMIN_PASSWORD });
  });
});
