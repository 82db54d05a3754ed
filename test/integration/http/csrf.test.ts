// CSRF (issue 3 "Access"): a change made with the session cookie needs the session's X-CSRF-Token; a
// cookie alone, another session's token or a made-up one is refused with 403 csrf_failed and changes
// nothing. Reads, API tokens, login and setup need none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../../app/auth/csrf.ts';
import { createBillingOrganization } from '../../helpers/api-fixtures.ts';
import { type SessionHeaders, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
let session: SessionHeaders;
let other: SessionHeaders;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  session = await api.loginAdmin();
  other = await api.loginAdmin();
  ({ token } = await createBillingOrganization(api, { source: 'billing' }));
});
afterAll(async () => {
  await api.close();
});

function createOrganization(headers: Record<string, string | undefined>) {
  return api.app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers,
    payload: { name: `ООО ${Math.random()}`, inn: '7707083893', tax_system: 'osn' },
  });
}

describe('CSRF', () => {
  const wrongTokens: [string, () => Promise<string | undefined>][] = [
    ['no header', async () => undefined],
    ['an empty header', async () => ''],
    ['another session’s token', async () => other['x-csrf-token']],
    ['a made-up token', async () => 'A'.repeat(43)],
    [
      'the session id',
      async () => {
        const sessions = await api.app.inject({
          method: 'GET',
          url: '/api/v1/auth/sessions',
          headers: session,
        });
        return sessions.json().items[0].id;
      },
    ],
  ];
  it.each(wrongTokens)(
    'refuses a cookie-authenticated POST with %s, and changes nothing',
    async (_, wrong) => {
      const csrf = await wrong();
      const headers =
        csrf === undefined ? { cookie: session.cookie } : { cookie: session.cookie, 'x-csrf-token': csrf };
      const before = (await api.asAdmin({ method: 'GET', url: '/api/v1/organizations' })).json().items.length;
      const response = await createOrganization(headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('csrf_failed');
      const after = (await api.asAdmin({ method: 'GET', url: '/api/v1/organizations' })).json().items.length;
      expect(after).toBe(before);
    },
  );

  it('guards DELETE and logout too', async () => {
    const logout = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(logout.json().error.code).toBe('csrf_failed');
    const revoke = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${'0'.repeat(64)}`,
      headers: { cookie: session.cookie },
    });
    expect(revoke.json().error.code).toBe('csrf_failed');
    // The session survived the refused logout.
    const me = await api.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
  });

  it('accepts the session’s own token; reads need none', async () => {
    expect((await createOrganization(session)).statusCode).toBe(201);
    const read = await api.app.inject({
      method: 'GET',
      url: '/api/v1/organizations',
      headers: { cookie: session.cookie },
    });
    expect(read.statusCode).toBe(200);
  });

  it('is the token given at login and by GET /auth/me, derived from the cookie token', async () => {
    const me = await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session });
    expect(me.json().csrf_token).toBe(session['x-csrf-token']);
    const cookieToken = session.cookie.slice('kassabox_session='.length);
    expect(session['x-csrf-token']).toBe(csrfTokenFor(cookieToken));
    expect(session['x-csrf-token']).not.toBe(other['x-csrf-token']);
  });

  it('does not apply to API tokens', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { authorization: `Bearer ${token}` },
      payload: { external_id: 'csrf-1', account: '1', amount_kopecks: 100 },
    });
    expect(response.statusCode).toBe(201);
  });
});
