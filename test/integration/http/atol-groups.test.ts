// The ATOL groups API (/api/v1/atol-groups): audited changes, a write-only password kept as a scrypt
// hash, unique group codes and logins, an existing source, and what a change does to issued tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_INN, createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

describe('ATOL groups API', () => {
  let api: TestApi;
  let sourceId: number;
  let otherSourceId: number;

  const create = (payload: object) => api.asAdmin({ method: 'POST', url: '/api/v1/atol-groups', payload });
  const getToken = (login: string, pass: string) =>
    api.app.inject({ method: 'POST', url: '/possystem/v4/getToken', payload: { login, pass } });

  beforeAll(async () => {
    api = await startTestApi();
    const organizationId = await createOrganization(api);
    sourceId = await createSource(api, organizationId, 'billing A');
    otherSourceId = await createSource(api, organizationId, 'billing B');
  });
  afterAll(async () => api?.close());

  it('creates a group without ever showing its password, stores a scrypt hash and audits without it', async () => {
    const response = await create({
      source_id: sourceId,
      group_code: 'grp-a',
      login: 'login-a',
      password: 'password-a1',
    });
    expect(response.statusCode, response.body).toBe(201);
    const group = response.json();
    expect(group).toEqual({
      id: expect.any(Number),
      source_id: sourceId,
      group_code: 'grp-a',
      login: 'login-a',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const row = api.deps.db
      .prepare('SELECT password_hash AS h FROM atol_group WHERE id = ?')
      .get(group.id) as { h: string };
    expect(row.h).toMatch(/^\$scrypt\$/);
    const list = await api.asAdmin({ method: 'GET', url: '/api/v1/atol-groups' });
    expect(list.json().items).toEqual([group]);
    expect(list.body).not.toContain('password');
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=atol_group' });
    const entry = audit.json().items[0];
    expect(entry).toMatchObject({
      action: 'atol_group.create',
      after: { group_code: 'grp-a', login: 'login-a' },
    });
    expect(JSON.stringify(entry)).not.toContain('password-a1');
    expect(JSON.stringify(entry)).not.toContain('$scrypt$');
  });

  it('refuses a used group code, login or source (409) and a missing source (invalid_request /source_id)', async () => {
    const sameCode = await create({
      source_id: otherSourceId,
      group_code: 'grp-a',
      login: 'login-x',
      password: 'password-x1',
    });
    expect([sameCode.statusCode, sameCode.json().error.code]).toEqual([409, 'conflict']);
    const sameLogin = await create({
      source_id: otherSourceId,
      group_code: 'grp-x',
      login: 'login-a',
      password: 'password-x1',
    });
    expect([sameLogin.statusCode, sameLogin.json().error.code]).toEqual([409, 'conflict']);
    const sameSource = await create({
      source_id: sourceId,
      group_code: 'grp-y',
      login: 'login-y',
      password: 'password-y1',
    });
    expect([sameSource.statusCode, sameSource.json().error.code]).toEqual([409, 'conflict']);
    const missing = await create({
      source_id: 999,
      group_code: 'grp-z',
      login: 'login-z',
      password: 'password-z1',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: '/source_id' }],
    });
    const badCode = await create({
      source_id: otherSourceId,
      group_code: 'grp z/1',
      login: 'login-z',
      password: 'password-z1',
    });
    expect(badCode.statusCode).toBe(400);
    const listed = await api.asAdmin({ method: 'GET', url: '/api/v1/atol-groups' });
    expect(listed.json().items).toHaveLength(1);
  });

  it('a new password ends the tokens issued so far and only the new one opens getToken; audited as changed', async () => {
    const [group] = (await api.asAdmin({ method: 'GET', url: '/api/v1/atol-groups' })).json().items;
    const before = await getToken('login-a', 'password-a1');
    expect(before.statusCode).toBe(200);
    const patched = await api.asAdmin({
      method: 'PATCH',
      url: `/api/v1/atol-groups/${group.id}`,
      payload: { password: 'password-a2' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await getToken('login-a', 'password-a1')).statusCode).toBe(401);
    expect((await getToken('login-a', 'password-a2')).statusCode).toBe(200);
    const old = await api.app.inject({
      method: 'GET',
      url: '/possystem/v4/grp-a/report/00000000-0000-0000-0000-000000000000',
      headers: { token: before.json().token },
    });
    expect(old.json().error.code).toBe(10);
    const audit = await api.asAdmin({
      method: 'GET',
      url: `/api/v1/audit?entity=atol_group&entity_id=${group.id}`,
    });
    const entry = audit.json().items[0];
    expect(entry).toMatchObject({ action: 'atol_group.update', after: { password_changed: true } });
    expect(JSON.stringify(entry)).not.toContain('password-a2');
  });

  it('keeps a group that registered documents (in_use) and removes one that did not (204, audited)', async () => {
    const [group] = (await api.asAdmin({ method: 'GET', url: '/api/v1/atol-groups' })).json().items;
    const token = (await getToken('login-a', 'password-a2')).json().token;
    const sell = await api.app.inject({
      method: 'POST',
      url: '/possystem/v4/grp-a/sell',
      headers: { token },
      payload: {
        external_id: 'doc-1',
        timestamp: '22.11.2026 13:00:00',
        receipt: {
          client: { email: 'a@b.ru' },
          company: { inn: COMPANY_INN, payment_address: 'https://isp.example' },
          items: [{ name: 'Связь', price: 10, quantity: 1, sum: 10, vat: { type: 'none' } }],
          payments: [{ type: 1, sum: 10 }],
          total: 10,
        },
      },
    });
    expect(sell.statusCode, sell.body).toBe(200);
    const refused = await api.asAdmin({ method: 'DELETE', url: `/api/v1/atol-groups/${group.id}` });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'in_use']);

    const spare = await create({
      source_id: otherSourceId,
      group_code: 'grp-b',
      login: 'login-b',
      password: 'password-b1',
    });
    const removed = await api.asAdmin({ method: 'DELETE', url: `/api/v1/atol-groups/${spare.json().id}` });
    expect(removed.statusCode).toBe(204);
    expect(
      (await api.asAdmin({ method: 'GET', url: `/api/v1/atol-groups/${spare.json().id}` })).statusCode,
    ).toBe(404);
    const audit = await api.asAdmin({
      method: 'GET',
      url: `/api/v1/audit?entity=atol_group&entity_id=${spare.json().id}`,
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'atol_group.delete',
      before: { group_code: 'grp-b' },
    });
  });
});
