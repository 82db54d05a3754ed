// Product rule: secrets never logged, never in answers they do not belong to. One run through every
// place a secret passes (login, cookie, token issue and use, device password), then a look at the log,
// the answers and the database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { ADMIN_PASSWORD, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

describe('secrets', () => {
  it('never reach the log, other answers or the database in clear', async () => {
    const answers: string[] = [];
    const record = <T extends { body: string }>(response: T) => {
      answers.push(response.body);
      return response;
    };

    const wrongPassword = 'wrong-password-9f3a';
    record(
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: wrongPassword },
      }),
    );
    const login = record(
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: ADMIN_PASSWORD },
      }),
    );
    const sessionToken = login.cookies[0]!.value;
    const csrfToken = login.json().csrf_token as string;
    const session = { cookie: `kassabox_session=${sessionToken}`, 'x-csrf-token': csrfToken };

    const organization = await createOrganization(api);
    const source = await createSource(api, organization);
    const issued = await api.app.inject({
      method: 'POST',
      url: `/api/v1/sources/${source}/tokens`,
      payload: { name: 'billing' },
      headers: session,
    });
    const apiToken = issued.json().token as string;
    record(
      await api.app.inject({
        method: 'GET',
        url: '/api/v1/organizations',
        headers: { authorization: `Bearer ${apiToken}` },
      }),
    );
    record(
      await api.app.inject({ method: 'GET', url: `/api/v1/sources/${source}/tokens`, headers: session }),
    );
    const devicePassword = 987654;
    record(
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/registers',
        headers: session,
        payload: { organization_id: organization, name: 'r', host: 'h', password: devicePassword },
      }),
    );
    record(await api.app.inject({ method: 'GET', url: '/api/v1/audit', headers: session }));
    record(await api.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: session }));
    // A failure inside a handler is logged with the request: the headers must still be censored.
    record(
      await api.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { ...session, authorization: 'Bearer nope' },
      }),
    );

    const log = api.logText();
    expect(log.length).toBeGreaterThan(0);
    const database = JSON.stringify(
      ['user', 'session', 'api_token', 'audit', 'register'].map((t) =>
        api.deps.db.prepare(`SELECT * FROM ${t}`).all(),
      ),
    );
    for (const secret of [ADMIN_PASSWORD, wrongPassword, sessionToken, apiToken]) {
      expect(log, 'log').not.toContain(secret);
      expect(answers.join('\n'), 'answers').not.toContain(secret);
      expect(database, 'database').not.toContain(secret);
    }
    // The CSRF token is in the login answer by design, but never in the log or the database.
    expect(log).not.toContain(csrfToken);
    expect(database).not.toContain(csrfToken);
    expect(answers.join('\n')).not.toContain(String(devicePassword));
    expect(log).not.toContain(String(devicePassword));
  });
});
