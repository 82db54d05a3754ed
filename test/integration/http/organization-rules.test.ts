// A source's account → organization rules through the API (issue 5 "several organizations"): the list
// replaced whole in one audited transaction, errors naming the item, resolve as a payment would see it,
// a table of thousands of accounts, a repeat of a payment keeping its organization after the rules
// changed, and an organization named by rules that cannot be removed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditListJson } from '../../../app/http/schemas/audit.ts';
import type {
  OrganizationRuleListJson,
  OrganizationRuleResolveAnswerJson,
} from '../../../app/http/schemas/organization-rule.ts';
import type { FiscalDocument } from '../../../drivers/fiscal-registrar.ts';
import { createBillingOrganization, createRegister } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
/** The billing's source belongs to the LLC; the sole trader's accounts are routed by rules. */
let llc: { organizationId: number; sourceId: number; token: string };
let trader: number;

beforeEach(async () => {
  api = await startTestApi();
  llc = await createBillingOrganization(api, { organization: 'ООО «Связь»', source: 'ABillS' });
  const created = await api.asAdmin({
    method: 'POST',
    url: '/api/v1/organizations',
    payload: { name: 'ИП Петров', inn: '500100732259', tax_system: 'patent' },
  });
  expect(created.statusCode, created.body).toBe(201);
  trader = created.json().id;
});

afterEach(async () => {
  await api.close();
});

const rulesUrl = () => `/api/v1/sources/${llc.sourceId}/organization-rules`;

async function putRules(items: object[]) {
  return api.asAdmin({ method: 'PUT', url: rulesUrl(), payload: { items } });
}

async function resolve(account: string): Promise<OrganizationRuleResolveAnswerJson> {
  const response = await api.asAdmin({ method: 'POST', url: `${rulesUrl()}/resolve`, payload: { account } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function pay(externalId: string, account: string) {
  return api.app.inject({
    method: 'POST',
    url: '/api/v1/payments',
    headers: { authorization: `Bearer ${llc.token}` },
    payload: { external_id: externalId, account, amount_kopecks: 50_000 },
  });
}

describe('organization rules of a source', () => {
  it('are replaced whole, kept in order, and audited with before and after', async () => {
    const empty = await api.asAdmin({ method: 'GET', url: rulesUrl() });
    expect(empty.json()).toEqual({ items: [], warnings: expect.any(Array) });

    const first = await putRules([
      { match: 'exact', value: '770001', organization_id: llc.organizationId },
      { match: 'prefix', value: '77', organization_id: trader },
      { match: 'range', range_from: 500_000, range_to: 599_999, organization_id: trader },
    ]);
    expect(first.statusCode, first.body).toBe(200);
    const expected = [
      {
        position: 0,
        match: 'exact',
        value: '770001',
        range_from: null,
        range_to: null,
        organization_id: llc.organizationId,
      },
      {
        position: 1,
        match: 'prefix',
        value: '77',
        range_from: null,
        range_to: null,
        organization_id: trader,
      },
      {
        position: 2,
        match: 'range',
        value: null,
        range_from: 500_000,
        range_to: 599_999,
        organization_id: trader,
      },
    ];
    expect((first.json() as OrganizationRuleListJson).items).toEqual(expected);
    expect((await api.asAdmin({ method: 'GET', url: rulesUrl() })).json().items).toEqual(expected);

    const second = await putRules([{ match: 'prefix', value: '88', organization_id: trader, position: 0 }]);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().items).toEqual([
      {
        position: 0,
        match: 'prefix',
        value: '88',
        range_from: null,
        range_to: null,
        organization_id: trader,
      },
    ]);

    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?action=source.organization_rules' });
    const entries = (audit.json() as AuditListJson).items;
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      entity: 'source',
      entity_id: String(llc.sourceId),
      actor: { kind: 'user', name: 'admin' },
      before: { items: expected.map((rule) => expect.objectContaining({ position: rule.position })) },
      after: { items: [expect.objectContaining({ match: 'prefix', value: '88' })] },
    });
    expect(entries[1]).toMatchObject({ before: { items: [] }, after: { items: expect.any(Array) } });
  });

  it('refuse a bad list as a whole, naming each item and field, and keep the old one', async () => {
    expect((await putRules([{ match: 'prefix', value: '77', organization_id: trader }])).statusCode).toBe(
      200,
    );
    const refused = await putRules([
      { match: 'prefix', value: '70', organization_id: trader },
      { match: 'range', range_from: 10, range_to: 9, organization_id: trader },
      { match: 'range', value: '5', range_from: 1, range_to: 2, organization_id: trader },
      { match: 'exact', value: '123', organization_id: 999 },
      { match: 'prefix', organization_id: trader },
    ]);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'invalid_request',
      details: [
        expect.objectContaining({ path: '/items/1/range_to', location: 'body' }),
        expect.objectContaining({ path: '/items/2/value' }),
        expect.objectContaining({
          path: '/items/3/organization_id',
          message: 'organization 999 does not exist',
        }),
        expect.objectContaining({ path: '/items/4/value' }),
      ],
    });
    expect(refused.json().error.message).toContain('/items/1/range_to');

    // What the schema itself refuses is named the same way.
    const blank = await putRules([
      { match: 'exact', value: '1', organization_id: trader },
      { match: 'exact', value: '', organization_id: trader },
    ]);
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details).toEqual([expect.objectContaining({ path: '/items/1/value' })]);
    const tooBig = await putRules([
      { match: 'range', range_from: 0, range_to: 1_000_000_000_000_000, organization_id: trader },
    ]);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.details).toEqual([expect.objectContaining({ path: '/items/0/range_to' })]);

    const kept = await api.asAdmin({ method: 'GET', url: rulesUrl() });
    expect(kept.json().items).toEqual([expect.objectContaining({ match: 'prefix', value: '77' })]);
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?action=source.organization_rules' });
    expect(audit.json().items).toHaveLength(1);
  });

  it('warn about an organization without an enabled register, and resolve says so too', async () => {
    await createRegister(api, {
      organization_id: llc.organizationId,
      name: 'Касса ООО',
      host: '127.0.0.1',
      port: 7778,
    });
    const response = await putRules([
      { match: 'prefix', value: '1', organization_id: llc.organizationId },
      { match: 'prefix', value: '77', organization_id: trader },
      { match: 'prefix', value: '78', organization_id: trader },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().warnings).toEqual([
      { path: '/items/1/organization_id', message: expect.stringContaining('ИП Петров') },
    ]);
    expect(await resolve('770')).toEqual({
      organization_id: trader,
      position: 1,
      organization_name: 'ИП Петров',
      tax_system: 'patent',
      enabled_registers: 0,
    });
    expect(await resolve('100')).toMatchObject({ organization_id: llc.organizationId, enabled_registers: 1 });
  });

  it('resolve an account as a payment would get it: the first rule by position, else the source’s organization', async () => {
    await putRules([
      { match: 'exact', value: '770001', organization_id: llc.organizationId },
      { match: 'prefix', value: '77', organization_id: trader },
      { match: 'range', range_from: 500_000, range_to: 599_999, organization_id: trader },
    ]);
    expect(await resolve('770001')).toMatchObject({ organization_id: llc.organizationId, position: 0 });
    expect(await resolve(' 770002 ')).toMatchObject({ organization_id: trader, position: 1 });
    expect(await resolve('0550000')).toMatchObject({ organization_id: trader, position: 2 });
    expect(await resolve('600000')).toMatchObject({
      organization_id: llc.organizationId,
      position: null,
      organization_name: 'ООО «Связь»',
      tax_system: 'usn_income',
    });

    const payment = await pay('p-1', '0550000');
    expect(payment.statusCode, payment.body).toBe(201);
    const job = api.deps.stores.jobs.getByPaymentId(payment.json().id)!;
    expect(job.organizationId).toBe(trader);
    expect((JSON.parse(job.documentJson) as FiscalDocument).taxSystem).toBe('patent');
  });

  it('resolve answers 404 for an unknown source and 400 for a blank account', async () => {
    const unknown = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/sources/999/organization-rules/resolve',
      payload: { account: '1' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(
      (await api.asAdmin({ method: 'GET', url: '/api/v1/sources/999/organization-rules' })).statusCode,
    ).toBe(404);
    const blank = await api.asAdmin({
      method: 'POST',
      url: `${rulesUrl()}/resolve`,
      payload: { account: '  ' },
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details).toEqual([expect.objectContaining({ path: '/account' })]);
  });

  it('take a table of thousands of accounts and find each by its index', async () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({
      match: 'exact',
      value: `A${String(i).padStart(6, '0')}`,
      organization_id: i % 2 === 0 ? trader : llc.organizationId,
    }));
    const response = await putRules(items);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.json().items).toHaveLength(5_000);
    expect(await resolve('A004998')).toMatchObject({ organization_id: trader, position: 4_998 });
    expect(await resolve('A004999')).toMatchObject({ organization_id: llc.organizationId, position: 4_999 });
    expect(await resolve('A005000')).toMatchObject({ position: null });

    const plan = api.deps.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT position FROM source_organization_rule
         WHERE source_id = 1 AND match = 'exact' AND value = 'A000001'`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(
      /USING (COVERING )?INDEX source_organization_rule_exact/,
    );

    // A payment among many: its lookup does not slow acceptance down.
    const started = performance.now();
    for (let i = 0; i < 200; i++)
      expect((await pay(`t-${i}`, `A00${String(i).padStart(4, '0')}`)).statusCode).toBe(201);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(api.deps.stores.jobs.getByPaymentId(1)!.organizationId).toBe(trader);
    expect(api.deps.stores.jobs.getByPaymentId(2)!.organizationId).toBe(llc.organizationId);
  });

  it('a repeat of a payment keeps the organization it was accepted for, whatever the rules say now', async () => {
    await putRules([{ match: 'prefix', value: '77', organization_id: trader }]);
    const first = await pay('same-1', '770500');
    expect(first.statusCode, first.body).toBe(201);
    const id = first.json().id;
    const before = api.deps.stores.jobs.getByPaymentId(id)!;
    expect(before.organizationId).toBe(trader);

    // The provider moves the 77… accounts back to the LLC; the billing then resends the same payment.
    await putRules([{ match: 'prefix', value: '77', organization_id: llc.organizationId }]);
    expect(await resolve('770500')).toMatchObject({ organization_id: llc.organizationId });
    const repeat = await pay('same-1', '770500');
    expect(repeat.statusCode, repeat.body).toBe(200);
    expect(repeat.json().id).toBe(id);
    const after = api.deps.stores.jobs.getByPaymentId(id)!;
    expect(after).toEqual(before);
    expect((JSON.parse(after.documentJson) as FiscalDocument).taxSystem).toBe('patent');
    // A new payment to the same account follows the new rules.
    const next = await pay('same-2', '770500');
    expect(api.deps.stores.jobs.getByPaymentId(next.json().id)!.organizationId).toBe(llc.organizationId);
  });

  it('keep an organization they name from being removed', async () => {
    await putRules([{ match: 'prefix', value: '77', organization_id: trader }]);
    const refused = await api.asAdmin({ method: 'DELETE', url: `/api/v1/organizations/${trader}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'in_use', message: expect.stringContaining('rule') });
    await putRules([]);
    const removed = await api.asAdmin({ method: 'DELETE', url: `/api/v1/organizations/${trader}` });
    expect(removed.statusCode, removed.body).toBe(204);
  });

  it('are refused on the office cash desk’s source, whose receipts print on its own organization’s register', async () => {
    const deskId = api.deps.repositories.sources.insert(
      {
        organizationId: llc.organizationId,
        name: 'Касса в офисе',
        kind: 'cash_desk',
        itemName: 'Оплата услуг связи',
        paymentMethod: 'advance',
        paymentObject: 'service',
        vat: 'none',
      },
      api.clock.now().toISOString(),
    );
    const refused = await api.asAdmin({
      method: 'PUT',
      url: `/api/v1/sources/${deskId}/organization-rules`,
      payload: { items: [{ match: 'prefix', value: '7', organization_id: trader }] },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('conflict');
    const cleared = await api.asAdmin({
      method: 'PUT',
      url: `/api/v1/sources/${deskId}/organization-rules`,
      payload: { items: [] },
    });
    expect(cleared.statusCode).toBe(200);
  });

  it('go with their source', async () => {
    await putRules([{ match: 'prefix', value: '77', organization_id: trader }]);
    const removed = await api.asAdmin({ method: 'DELETE', url: `/api/v1/sources/${llc.sourceId}` });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(api.deps.db.prepare('SELECT count(*) FROM source_organization_rule').pluck().get()).toBe(0);
  });
});
