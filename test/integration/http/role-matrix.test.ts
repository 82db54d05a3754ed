// Every route, called by everyone: anonymous, each of the four roles, a source's API token and a
// scraper's monitoring token, through real requests (issue 3: "server-side role-matrix tests for every
// route"). Who may call what comes
// from the hand-written table in role-matrix-table.ts, never from ACCESS_POLICY; a route in the policy
// that the table lacks (or the other way round) fails the test. "Allowed" means the access check let
// the request through: any answer but 401 and 403 (a 404 for a made-up id or a 409 from a register
// with no worker still proves that).
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../../app/http/access-policy.ts';
import {
  createBillingOrganization,
  createOrganization,
  createRegister,
  createSource,
  createUser,
  issueToken,
} from '../../helpers/api-fixtures.ts';
import { logIn, type SessionHeaders, startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import {
  CALLERS,
  type Caller,
  type Expectation,
  expectations,
  type MatrixFixture,
} from './role-matrix-table.ts';

const ROLE_USERS = {
  admin: { password: '' },
  technician: { password: 'technician password' },
  cashier: { password: 'cashier password' },
  viewer: { password: 'viewer password' },
} as const;

let api: TestApi;
let fixture: MatrixFixture;
let token: string;
let monitoringToken: string;
const sessions = new Map<Caller, SessionHeaders>();
let releaseStreams: (() => void)[] = [];

beforeAll(async () => {
  api = await startTestApi();
  const billing = await createBillingOrganization(api, { source: 'billing' });
  token = billing.token;
  const spareOrganizationId = await createOrganization(api, 'ООО «Лишнее»');
  const registerId = await createRegister(api, {
    organization_id: billing.organizationId,
    name: 'Касса кассира',
    host: '127.0.0.1',
    port: 7778,
  });
  const spareRegisterId = await createRegister(api, {
    organization_id: billing.organizationId,
    name: 'Касса лишняя',
    host: '127.0.0.1',
    port: 7778,
  });
  fixture = {
    organizationId: billing.organizationId,
    spareOrganizationId,
    sourceId: billing.sourceId,
    spareSourceId: await createSource(api, billing.organizationId, 'spare source'),
    spareTokenId: (await issueToken(api, billing.sourceId, 'spare')).id,
    registerId,
    spareRegisterId,
    victimUserId: await createUser(api, { username: 'victim', role: 'viewer', password: 'victim password' }),
    spareMonitoringTokenId: (await issueMonitoringToken('spare scraper')).id,
  };
  await createUser(api, { username: 'technician', role: 'technician', password: 'technician password' });
  await createUser(api, {
    username: 'cashier',
    role: 'cashier',
    password: 'cashier password',
    register_ids: [registerId],
  });
  await createUser(api, { username: 'viewer', role: 'viewer', password: 'viewer password' });
  sessions.set('admin', await api.loginAdmin());
  monitoringToken = (await issueMonitoringToken('prometheus')).token;
  for (const role of ['technician', 'cashier', 'viewer'] as const) {
    sessions.set(role, await logIn(api.app, role, { password: ROLE_USERS[role].password }));
  }
  // GET /events streams forever; with every stream slot taken an allowed caller gets 503 at once.
  for (let detach = api.deps.dashboardFeed.attach(() => {}); detach; ) {
    releaseStreams.push(detach);
    detach = api.deps.dashboardFeed.attach(() => {});
  }
});

afterAll(async () => {
  for (const release of releaseStreams) release();
  releaseStreams = [];
  await api.close();
});

async function issueMonitoringToken(name: string): Promise<{ id: number; token: string }> {
  const response = await api.asAdmin({ method: 'POST', url: '/api/v1/monitoring-tokens', payload: { name } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function headersOf(caller: Caller, expectation: Expectation): Promise<Record<string, string>> {
  if (caller === 'anonymous') return {};
  if (caller === 'token') return { authorization: `Bearer ${token}` };
  if (caller === 'monitoring') return { authorization: `Bearer ${monitoringToken}` };
  if (!expectation.endsSession) return sessions.get(caller)!;
  return caller === 'admin'
    ? api.loginAdmin()
    : logIn(api.app, caller, { password: ROLE_USERS[caller].password });
}

async function call(key: string, expectation: Expectation, caller: Caller) {
  const [method, path] = key.split(' ') as [InjectOptions['method'], string];
  const url = expectation.url ?? path;
  if (/[:*]/.test(url)) throw new Error(`${key}: the table must give a url for a route with parameters`);
  const payload = expectation.body?.();
  return api.app.inject({
    method,
    url,
    headers: await headersOf(caller, expectation),
    ...(payload === undefined ? {} : { payload }),
  });
}

function errorCode(response: { headers: Record<string, unknown>; json(): unknown }): string {
  if (!String(response.headers['content-type']).startsWith('application/json')) return '';
  return (response.json() as { error?: { code: string } }).error?.code ?? '';
}

describe('role matrix', () => {
  it('has an expectation for every route of ACCESS_POLICY, and none for a route that is gone', () => {
    const table = Object.keys(expectations(fixture)).sort();
    // Protocol routes (ATOL Online, payment channels) take none of these callers' credentials: their
    // own suites prove that each refuses a caller without the protocol's credentials.
    const policy = Object.entries(ACCESS_POLICY)
      .filter(([, access]) => !('protocol' in access))
      .map(([key]) => key)
      .sort();
    expect(
      policy.filter((key) => !table.includes(key)),
      'routes missing from the table',
    ).toEqual([]);
    expect(
      table.filter((key) => !policy.includes(key)),
      'table rows without a route',
    ).toEqual([]);
  });

  it('lets exactly the expected callers through on every route', async () => {
    const wrong: string[] = [];
    for (const [key, expectation] of Object.entries(expectations(fixture))) {
      for (const caller of CALLERS) {
        const response = await call(key, expectation, caller);
        const answer = `${response.statusCode} ${errorCode(response)}`;
        if (expectation.allowed.includes(caller)) {
          // Through the access check, and no crash (502/503 are a device or a full stream list).
          if ([401, 403, 500].includes(response.statusCode)) wrong.push(`${key} as ${caller}: got ${answer}`);
        } else {
          const refusal = caller === 'anonymous' ? '401 unauthenticated' : '403 forbidden';
          if (answer !== refusal) wrong.push(`${key} as ${caller}: expected ${refusal}, got ${answer}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps a cashier to the registers assigned to them', async () => {
    const cashier = sessions.get('cashier')!;
    const other = `/api/v1/registers/${fixture.spareRegisterId}`;
    const attempts = [
      { method: 'GET' as const, url: other },
      { method: 'GET' as const, url: `${other}/status` },
      { method: 'GET' as const, url: `${other}/shifts` },
      { method: 'POST' as const, url: `${other}/x-report` },
      {
        method: 'POST' as const,
        url: '/api/v1/cash-desk/payments',
        payload: {
          request_id: '3f1c2a7e-5b7d-4c1e-9a4b-2d6f8e0c1b2a',
          register_id: fixture.spareRegisterId,
          account: '1',
          amount_kopecks: 100,
          method: 'cash',
        },
      },
    ];
    for (const attempt of attempts) {
      const response = await api.app.inject({ ...attempt, headers: cashier });
      expect(response.statusCode, attempt.url).toBe(403);
      expect(response.json().error.code).toBe('register_not_assigned');
    }
    // The same cashier on their own register passes the check (the register has no worker here: 409).
    const own = await api.app.inject({
      method: 'POST',
      url: `/api/v1/registers/${fixture.registerId}/x-report`,
      headers: cashier,
    });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('register_unavailable');
  });
});
