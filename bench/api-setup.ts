// Sets a fresh server up the way an operator would, through the API: log in as the first admin, create
// an organization, a billing source with an API token and, when asked, a register.
import type { ApiClient } from './api-client.ts';

/** A real company INN (valid check digit); the simulated FN's default tax system is УСН доход. */
const ORGANIZATION = { name: 'ООО «Бенчмарк»', inn: '7707083893', tax_system: 'usn_income' };

export interface PaymentSource {
  organizationId: number;
  sourceId: number;
  /** `Bearer` token of the source, for POST /api/v1/payments. */
  token: string;
}

/** The admin's session as request headers: its cookie and its CSRF token (needed by every change). */
export type AdminSession = { cookie: string; 'x-csrf-token': string };

/** Logs in and answers the headers of the admin's session. */
export async function loginAdmin(client: ApiClient, password: string): Promise<AdminSession> {
  const response = await client.send('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password },
  });
  if (response.status !== 200) throw new Error(`admin login failed: ${response.status} ${response.body}`);
  const setCookie = response.headers['set-cookie'] ?? [];
  const session = (Array.isArray(setCookie) ? setCookie : [setCookie])
    .map((cookie) => cookie.split(';')[0]!)
    .find((pair) => pair.startsWith('kassabox_session='));
  if (session === undefined) throw new Error('admin login set no kassabox_session cookie');
  const { csrf_token } = JSON.parse(response.body) as { csrf_token: string };
  return { cookie: session, 'x-csrf-token': csrf_token };
}

export async function createPaymentSource(client: ApiClient, headers: AdminSession): Promise<PaymentSource> {
  const organization = await client.json<{ id: number }>('POST', '/api/v1/organizations', 201, {
    headers,
    body: ORGANIZATION,
  });
  const source = await client.json<{ id: number }>('POST', '/api/v1/sources', 201, {
    headers,
    body: { organization_id: organization.id, name: 'billing' },
  });
  const issued = await client.json<{ token: string }>('POST', `/api/v1/sources/${source.id}/tokens`, 201, {
    headers,
    body: { name: 'bench' },
  });
  return { organizationId: organization.id, sourceId: source.id, token: issued.token };
}

export async function createRegister(
  client: ApiClient,
  headers: AdminSession,
  register: { organizationId: number; host: string; port: number; enabled: boolean },
): Promise<number> {
  const created = await client.json<{ id: number }>('POST', '/api/v1/registers', 201, {
    headers,
    body: {
      organization_id: register.organizationId,
      name: 'bench register',
      driver: 'shtrih',
      host: register.host,
      port: register.port,
      enabled: register.enabled,
    },
  });
  return created.id;
}

export async function setRegisterEnabled(
  client: ApiClient,
  headers: AdminSession,
  registerId: number,
  enabled: boolean,
): Promise<void> {
  await client.json('PATCH', `/api/v1/registers/${registerId}`, 200, {
    headers,
    body: { enabled },
  });
}
