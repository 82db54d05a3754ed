// CRUD of organizations, sources and registers through the HTTP API, with their audit rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPANY_INN, createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  api.asAdmin({ method, url, payload });

function lastAudit() {
  const row = api.deps.audit.list({ limit: 1 })[0]!;
  return {
    action: row.action,
    entityId: row.entityId,
    actor: row.actorName,
    before: row.beforeJson === null ? null : JSON.parse(row.beforeJson),
    after: row.afterJson === null ? null : JSON.parse(row.afterJson),
  };
}

describe('organizations', () => {
  it('are created, read, listed, changed and removed, each change audited', async () => {
    const created = await call('POST', '/api/v1/organizations', {
      name: 'ООО Связь',
      inn: COMPANY_INN,
      tax_system: 'osn',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ name: 'ООО Связь', inn: COMPANY_INN, tax_system: 'osn' });
    expect(lastAudit()).toMatchObject({
      action: 'organization.create',
      entityId: String(id),
      actor: 'admin',
      before: null,
    });

    expect((await call('GET', `/api/v1/organizations/${id}`)).json().name).toBe('ООО Связь');
    expect((await call('GET', '/api/v1/organizations')).json().items).toHaveLength(1);

    api.clock.advance(1000);
    const changed = await call('PATCH', `/api/v1/organizations/${id}`, { tax_system: 'usn_income' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'ООО Связь', tax_system: 'usn_income' });
    expect(changed.json().updated_at).toBe('2026-11-22T10:00:01.000Z');
    const audit = lastAudit();
    expect(audit.action).toBe('organization.update');
    expect(audit.before.tax_system).toBe('osn');
    expect(audit.after.tax_system).toBe('usn_income');

    expect((await call('DELETE', `/api/v1/organizations/${id}`)).statusCode).toBe(204);
    expect(lastAudit()).toMatchObject({ action: 'organization.delete', after: null });
    expect((await call('GET', `/api/v1/organizations/${id}`)).statusCode).toBe(404);
  });

  it('refuse a duplicate name with 409 conflict', async () => {
    await createOrganization(api, 'Одна');
    const again = await call('POST', '/api/v1/organizations', {
      name: 'Одна',
      inn: COMPANY_INN,
      tax_system: 'osn',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict' });
    expect(again.json().error.message).toContain('Одна');
  });

  it('cannot be removed while a source uses them (409 in_use)', async () => {
    const id = await createOrganization(api);
    await createSource(api, id);
    const response = await call('DELETE', `/api/v1/organizations/${id}`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('in_use');
  });

  it('answer 404 with a code for unknown ids on every verb', async () => {
    for (const [method, payload] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const response = await call(method, '/api/v1/organizations/4242', payload);
      expect(response.statusCode, method).toBe(404);
      expect(response.json().error).toEqual({
        code: 'not_found',
        message: 'organization 4242 does not exist',
      });
    }
  });
});

describe('sources', () => {
  it('get the receipt defaults of a telecom provider', async () => {
    const organization = await createOrganization(api);
    const response = await call('POST', '/api/v1/sources', { organization_id: organization, name: 'ABillS' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      organization_id: organization,
      kind: 'api',
      item_name: 'Оплата услуг связи',
      payment_method: 'advance',
      payment_object: 'service',
      vat: 'none',
    });
  });

  it('are changed field by field; organization and kind are fixed', async () => {
    const organization = await createOrganization(api);
    const id = await createSource(api, organization);
    const changed = await call('PATCH', `/api/v1/sources/${id}`, { vat: 'vat20', item_name: 'Интернет' });
    expect(changed.json()).toMatchObject({ vat: 'vat20', item_name: 'Интернет', payment_method: 'advance' });
    const moved = await call('PATCH', `/api/v1/sources/${id}`, { organization_id: 99 });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.details[0]).toMatchObject({
      path: '/organization_id',
      message: 'is not a known field',
    });
  });

  it('refuse an organization that does not exist with 400 naming the field', async () => {
    const response = await call('POST', '/api/v1/sources', { organization_id: 77, name: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: '/organization_id', location: 'body', message: 'organization 77 does not exist' },
    ]);
  });

  it('take their tokens with them when removed', async () => {
    const organization = await createOrganization(api);
    const id = await createSource(api, organization);
    await call('POST', `/api/v1/sources/${id}/tokens`, { name: 't' });
    expect((await call('DELETE', `/api/v1/sources/${id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/sources/${id}`)).statusCode).toBe(404);
    expect(api.deps.db.prepare('SELECT count(*) AS n FROM api_token').get()).toEqual({ n: 0 });
  });
});

describe('registers', () => {
  async function createRegister(extra: object = {}) {
    const organization = await createOrganization(api);
    return call('POST', '/api/v1/registers', {
      organization_id: organization,
      name: 'Касса 1',
      host: '192.168.0.50',
      ...extra,
    });
  }

  it('are created with Shtrih defaults and never show the device password', async () => {
    const response = await createRegister({ password: 1234 });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      driver: 'shtrih',
      port: 7778,
      protocol: 'v1',
      timezone: 'Europe/Moscow',
      electronic_only: false,
      enabled: true,
      cashier_name: 'Кассир',
      cashier_inn: null,
      password_is_default: false,
    });
    expect(response.json()).not.toHaveProperty('password');
    expect(response.body).not.toContain('1234');
    const audit = lastAudit();
    expect(audit.after.password).toBe('***');
    expect(JSON.stringify(audit)).not.toContain('1234');
  });

  it('keep the password when a change leaves it out, and report the factory default', async () => {
    const id = (await createRegister()).json().id;
    expect((await call('GET', `/api/v1/registers/${id}`)).json().password_is_default).toBe(true);
    await call('PATCH', `/api/v1/registers/${id}`, { password: 555 });
    const changed = await call('PATCH', `/api/v1/registers/${id}`, {
      enabled: false,
      cashier_inn: '500100732259',
    });
    expect(changed.json()).toMatchObject({
      enabled: false,
      cashier_inn: '500100732259',
      password_is_default: false,
    });
    expect(api.deps.repositories.registers.getById(id)!.password).toBe(555);
    const cleared = await call('PATCH', `/api/v1/registers/${id}`, { cashier_inn: null });
    expect(cleared.json().cashier_inn).toBeNull();
  });

  it('validate the time zone with Intl and the cashier INN check digits', async () => {
    const response = await createRegister({ timezone: 'Europe/Mocsow', cashier_inn: '500100732258' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: '/timezone', location: 'body', message: 'must be an IANA time zone such as Europe/Moscow' },
      { path: '/cashier_inn', location: 'body', message: 'has a wrong check digit (a typo?)' },
    ]);
    const fixed = await call('POST', '/api/v1/registers', {
      organization_id: 1,
      name: 'Касса 1',
      host: '192.168.0.50',
      timezone: 'Asia/Vladivostok',
    });
    expect(fixed.statusCode).toBe(201);
  });

  it('refuse a duplicate name and a removal once they have fiscal history', async () => {
    const id = (await createRegister()).json().id;
    const again = await call('POST', '/api/v1/registers', {
      organization_id: 1,
      name: 'Касса 1',
      host: '10.0.0.1',
    });
    expect(again.statusCode).toBe(409);
    api.deps.db
      .prepare("INSERT INTO shift (register_id, fn_number, number, opened_at) VALUES (?, '9999', 1, 'now')")
      .run(id);
    const removal = await call('DELETE', `/api/v1/registers/${id}`);
    expect(removal.statusCode).toBe(409);
    expect(removal.json().error.code).toBe('in_use');
  });
});

describe('audit trail', () => {
  it('is readable by admins, newest first, filtered by entity', async () => {
    const organization = await createOrganization(api);
    await createSource(api, organization);
    const response = await call('GET', `/api/v1/audit?entity=organization&entity_id=${organization}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      expect.objectContaining({
        action: 'organization.create',
        actor: { kind: 'user', id: 1, name: 'admin' },
      }),
    ]);
    const bad = await call('GET', '/api/v1/audit?limit=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: '/limit', location: 'querystring' });
  });
});
