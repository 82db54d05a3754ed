// The billing connections API (/api/v1/billing-connections): per-kind settings checks, secrets kept
// out of answers, the audit and the log, in_use while a poller or channel refers to a connection, and
// the account check against a real MariaDB holding an ABillS-like schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { type SqlServer, startMariaDb } from '../../helpers/sql-servers.ts';
import { abillsDdl, abillsSettings } from '../billing/sql-billing-schemas.ts';

describe('billing connections API', () => {
  let api: TestApi;
  let server: SqlServer;
  // The database password of the box's billing account: what must never come out again.
  let SECRET: string;

  const create = (payload: object) =>
    api.asAdmin({ method: 'POST', url: '/api/v1/billing-connections', payload });
  const patch = (id: number, payload: object) =>
    api.asAdmin({ method: 'PATCH', url: `/api/v1/billing-connections/${id}`, payload });
  const check = (id: number, account: string) =>
    api.asAdmin({ method: 'POST', url: `/api/v1/billing-connections/${id}/check`, payload: { account } });
  const sqlSettings = () => {
    const settings: Record<string, unknown> = { ...abillsSettings(server) };
    return settings;
  };

  beforeAll(async () => {
    [api, server] = await Promise.all([startTestApi(), startMariaDb()]);
    SECRET = server.password;
    for (const statement of abillsDdl('mysql')) await server.query(statement);
  });
  afterAll(async () => {
    await api?.deps.billing.close();
    await api?.close();
    await server?.close();
  });

  it('creates a connection whose secrets are stored but never answered, audited or logged', async () => {
    const response = await create({
      name: 'ABillS SQL',
      kind: 'sql',
      settings: sqlSettings(),
      secrets: { password: SECRET },
    });
    expect(response.statusCode, response.body).toBe(201);
    const connection = response.json();
    expect(connection).toEqual({
      id: expect.any(Number),
      name: 'ABillS SQL',
      kind: 'sql',
      settings: sqlSettings(),
      secrets_set: ['password'],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const one = await api.asAdmin({ method: 'GET', url: `/api/v1/billing-connections/${connection.id}` });
    expect(one.json()).toEqual(connection);
    const list = await api.asAdmin({ method: 'GET', url: '/api/v1/billing-connections' });
    expect(list.json().items).toEqual([connection]);
    const stored = api.deps.db
      .prepare('SELECT secrets_json AS secrets FROM billing_connection WHERE id = ?')
      .get(connection.id) as { secrets: string };
    expect(JSON.parse(stored.secrets)).toEqual({ password: SECRET });

    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=billing_connection' });
    expect(audit.json().items[0]).toMatchObject({
      action: 'billing_connection.create',
      after: { name: 'ABillS SQL', kind: 'sql', credentials_set: ['password'] },
    });
    for (const text of [response.body, one.body, list.body, audit.body, api.logText()]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('checks an account through the connection: found, not found, and the billing unreachable', async () => {
    const id = (
      await create({ name: 'check', kind: 'sql', settings: sqlSettings(), secrets: { password: SECRET } })
    ).json().id as number;
    const found = await check(id, 'ivanov');
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({
      ok: true,
      found: true,
      account: { account: 'ivanov', name: 'Иванов Иван', balance_kopecks: 15050 },
      message: 'Лицевой счёт найден, Иванов Иван',
    });
    expect((await check(id, 'nobody')).json()).toEqual({
      ok: true,
      found: false,
      account: null,
      message: 'Лицевой счёт nobody не найден в биллинге',
    });
    expect((await check(999_999, 'x')).statusCode).toBe(404);

    const unreachable = (
      await create({
        name: 'closed port',
        kind: 'sql',
        settings: { ...sqlSettings(), port: 9 },
        secrets: { password: SECRET },
      })
    ).json().id as number;
    const down = await check(unreachable, 'ivanov');
    expect(down.statusCode).toBe(200);
    expect(down.json()).toMatchObject({ ok: false, found: null, account: null });
    expect(down.json().message).toMatch(/^Биллинг не ответил: .*unreachable/);
  });

  it('rebuilds the adapter after a change: a wrong password fails, the replaced one works', async () => {
    const id = (
      await create({
        name: 'rotating',
        kind: 'sql',
        settings: sqlSettings(),
        secrets: { password: 'wrong-one' },
      })
    ).json().id as number;
    expect((await check(id, 'ivanov')).json().ok).toBe(false);

    const changed = await patch(id, { secrets: { password: SECRET } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().secrets_set).toEqual(['password']);
    expect((await check(id, 'ivanov')).json()).toMatchObject({ ok: true, found: true });

    const renamed = await patch(id, { name: 'rotated', settings: { ...sqlSettings(), time_zone: '+05:00' } });
    expect(renamed.json()).toMatchObject({
      name: 'rotated',
      settings: { time_zone: '+05:00' },
      secrets_set: ['password'],
    });
    expect((await check(id, 'ivanov')).json().ok).toBe(true);

    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=billing_connection' });
    const updates = audit
      .json()
      .items.filter(
        (item: { action: string; entity_id: string }) =>
          item.action === 'billing_connection.update' && item.entity_id === String(id),
      );
    // Newest first: the rename, then the password change.
    expect(updates).toMatchObject([
      { before: { name: 'rotating' }, after: { name: 'rotated', credentials_changed: [] } },
      {
        before: { name: 'rotating' },
        after: { credentials_set: ['password'], credentials_changed: ['password'] },
      },
    ]);
    expect(audit.body).not.toContain(SECRET);
    expect(audit.body).not.toContain('wrong-one');
  });

  it('removes a secret given as null, and then refuses settings that need it', async () => {
    const id = (
      await create({
        name: 'osmp basic',
        kind: 'osmp',
        settings: { url: 'https://billing.example/paysys_check.cgi' },
        secrets: { username: 'qiwi', password: 'osmp-Pass-1' },
      })
    ).json().id as number;
    const removed = await patch(id, { secrets: { username: null, password: null } });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().secrets_set).toEqual([]);

    const sql = (
      await create({
        name: 'needs password',
        kind: 'sql',
        settings: sqlSettings(),
        secrets: { password: 'x' },
      })
    ).json().id as number;
    const refused = await patch(sql, { secrets: { password: null } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      { location: 'body', path: '/secrets/password', message: 'is required' },
    ]);
  });

  it('refuses settings that do not fit the kind, naming each field', async () => {
    const badTemplate = await create({
      name: 'bad template',
      kind: 'sql',
      settings: { ...sqlSettings(), get_payment_sql: 'SELECT id FROM payments WHERE ext_id = :txn_id' },
      secrets: { password: 'x' },
    });
    expect(badTemplate.statusCode).toBe(400);
    expect(badTemplate.json().error).toMatchObject({
      code: 'invalid_request',
      details: [
        {
          location: 'body',
          path: '/settings/get_payment_sql',
          message: 'unknown parameter :txn_id (this template may use :key)',
        },
      ],
    });

    const { host: _host, ...withoutHost } = sqlSettings();
    const missing = await create({
      name: 'missing',
      kind: 'sql',
      settings: { ...withoutHost, dialect: 'oracle' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([
      { location: 'body', path: '/settings/host', message: 'is required' },
      { location: 'body', path: '/settings/dialect', message: 'must be one of: mysql, postgres' },
      { location: 'body', path: '/secrets/password', message: 'is required' },
    ]);

    const osmp = await create({ name: 'osmp', kind: 'osmp', settings: { url: 'ftp://x', token: 'y' } });
    expect(osmp.statusCode).toBe(400);
    expect(
      osmp
        .json()
        .error.details.map((detail: { path: string }) => detail.path)
        .sort(),
    ).toEqual(['/settings/token', '/settings/url']);

    const duplicate = await create({
      name: 'ABillS SQL',
      kind: 'osmp',
      settings: { url: 'https://b.example/' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('conflict');
    const names = (await api.asAdmin({ method: 'GET', url: '/api/v1/billing-connections' }))
      .json()
      .items.map((item: { name: string }) => item.name);
    expect(names).not.toContain('bad template');
    expect(names).not.toContain('missing');
  });

  it('refuses to remove a connection a poller uses (in_use), removes it once free, and audits it', async () => {
    const id = (
      await create({
        name: 'to remove',
        kind: 'osmp',
        settings: { url: 'https://billing.example/paysys_check.cgi' },
      })
    ).json().id as number;
    const organizationId = await createOrganization(api, 'ООО «Биллинг»');
    const sourceId = await createSource(api, organizationId, 'poller source');
    const at = new Date().toISOString();
    const poller = api.deps.db
      .prepare(
        'INSERT INTO billing_poller (source_id, billing_connection_id, created_at, updated_at) VALUES (?, ?, ?, ?)',
      )
      .run(sourceId, id, at, at).lastInsertRowid;

    const refused = await api.asAdmin({ method: 'DELETE', url: `/api/v1/billing-connections/${id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'in_use' });
    expect(refused.json().error.message).toContain(`billing poller ${poller}`);

    api.deps.db.prepare('DELETE FROM billing_poller WHERE id = ?').run(poller);
    const removed = await api.asAdmin({ method: 'DELETE', url: `/api/v1/billing-connections/${id}` });
    expect(removed.statusCode).toBe(204);
    expect((await api.asAdmin({ method: 'GET', url: `/api/v1/billing-connections/${id}` })).statusCode).toBe(
      404,
    );
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=billing_connection' });
    expect(audit.json().items[0]).toMatchObject({
      action: 'billing_connection.delete',
      entity_id: String(id),
      before: { name: 'to remove' },
    });
  });

  it('gives channels and pollers the connection adapter through deps.billing', async () => {
    const id = (
      await create({
        name: 'for adapters',
        kind: 'sql',
        settings: sqlSettings(),
        secrets: { password: SECRET },
      })
    ).json().id as number;
    const adapter = api.deps.billing.adapterFor(id);
    expect(api.deps.billing.adapterFor(id)).toBe(adapter);
    expect(await adapter.findAccount('ivanov')).toMatchObject({ found: true });
    await patch(id, { name: 'for adapters 2' });
    expect(api.deps.billing.adapterFor(id)).not.toBe(adapter);
    expect(() => api.deps.billing.adapterFor(999_999)).toThrow('billing connection 999999 does not exist');
  });
});
