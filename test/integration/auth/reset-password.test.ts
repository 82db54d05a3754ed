// Console recovery of a locked-out box: the user gets a new password that works, the old one and the
// old sessions stop working, the lock is lifted, and the audit trail says it came from the console.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetPassword } from '../../../app/cli/reset-password.ts';
import { ADMIN_PASSWORD, logIn, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

const run = promisify(execFile);
let api: TestApi;

beforeEach(async () => {
  api = await startTestApi();
});

afterEach(async () => {
  await api.close();
});

async function loginStatus(username: string, password: string): Promise<number> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  return response.statusCode;
}

describe('resetting a password from the console', () => {
  it('gives a locked-out admin a new password and ends the old sessions', async () => {
    const oldSession = await logIn(api.app, 'admin', { password: ADMIN_PASSWORD });
    for (let i = 0; i < 5; i++) expect(await loginStatus('admin', 'wrong password')).toBe(401);
    expect(await loginStatus('admin', ADMIN_PASSWORD)).toBe(429); // account_locked

    const outcome = await resetPassword(api.deps.users, 'ADMIN');
    expect(outcome).toMatchObject({ username: 'admin', role: 'admin' });
    expect(outcome.password).toHaveLength(20);

    expect(await loginStatus('admin', ADMIN_PASSWORD)).toBe(401);
    expect(await loginStatus('admin', outcome.password)).toBe(200);
    const me = await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: oldSession });
    expect(me.statusCode).toBe(401);
    const audit = api.deps.audit.list({ limit: 20 }).filter((row) => row.actorName === 'console');
    expect(audit.map((row) => row.action).sort()).toEqual(['user.unlock', 'user.update']);
    expect(audit.map((row) => `${row.beforeJson}${row.afterJson}`).join('')).not.toContain(outcome.password);
  });

  it('names the admins when the user does not exist', async () => {
    await expect(resetPassword(api.deps.users, 'root')).rejects.toThrow(
      'There is no user "root". Admins on this box: admin.',
    );
  });

  it('runs as a command against the data dir and refuses a missing database', async () => {
    const { stdout } = await run(process.execPath, ['app/cli/reset-password.ts', 'admin'], {
      env: { ...process.env, KASSABOX_DATA_DIR: api.dataDir },
    });
    const password = /New password for admin \(admin\): (\S+)/.exec(stdout)?.[1];
    expect(password).toBeDefined();
    expect(await loginStatus('admin', password!)).toBe(200);

    const missing = run(process.execPath, ['app/cli/reset-password.ts'], {
      env: { ...process.env, KASSABOX_DATA_DIR: `${api.dataDir}/nowhere` },
    });
    await expect(missing).rejects.toMatchObject({
      stderr: expect.stringContaining('No KassaBox database at'),
    });
  });
});
