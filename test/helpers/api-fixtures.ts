// Setting up organizations, sources, tokens and registers through the API, for HTTP and pipeline tests.
import { expect } from 'vitest';

/** A real company INN (valid check digit). */
export const COMPANY_INN = '7707083893';

/** Anything that sends requests with the admin's session: a TestApi, a box, a BoxClient. */
export interface AdminApi {
  asAdmin(request: { method: 'POST'; url: string; payload: object }): Promise<AdminResponse>;
}

/** The part of app.inject's response the fixtures read. */
export interface AdminResponse {
  statusCode: number;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON body, as app.inject types it
  json(): any;
}

export interface RegisterPayload {
  organization_id: number;
  name: string;
  host: string;
  port: number;
  enabled?: boolean;
  protocol?: 'v1' | 'v2';
  electronic_only?: boolean;
}

export async function createOrganization(api: AdminApi, name = 'ООО «Связь»'): Promise<number> {
  const response = await api.asAdmin({
    method: 'POST',
    url: '/api/v1/organizations',
    payload: { name, inn: COMPANY_INN, tax_system: 'usn_income' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

export async function createSource(api: AdminApi, organizationId: number, name = 'billing'): Promise<number> {
  const response = await api.asAdmin({
    method: 'POST',
    url: '/api/v1/sources',
    payload: { organization_id: organizationId, name },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

export async function issueToken(
  api: AdminApi,
  sourceId: number,
  name = 'main',
): Promise<{ id: number; token: string }> {
  const response = await api.asAdmin({
    method: 'POST',
    url: `/api/v1/sources/${sourceId}/tokens`,
    payload: { name },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json().id, token: response.json().token };
}

/** An organization with one billing source and that source's API token. */
export async function createBillingOrganization(
  api: AdminApi,
  names: { organization?: string; source: string; token?: string },
): Promise<{ organizationId: number; sourceId: number; token: string }> {
  const organizationId = await createOrganization(api, names.organization);
  const sourceId = await createSource(api, organizationId, names.source);
  const { token } = await issueToken(api, sourceId, names.token);
  return { organizationId, sourceId, token };
}

export async function createRegister(api: AdminApi, payload: RegisterPayload): Promise<number> {
  const response = await api.asAdmin({ method: 'POST', url: '/api/v1/registers', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

export interface UserPayload {
  username: string;
  role: 'admin' | 'technician' | 'cashier' | 'viewer';
  password: string;
  display_name?: string;
  register_ids?: number[];
  pin?: string;
}

/** Creates a user as the admin; answers the new user's id. */
export async function createUser(api: AdminApi, payload: UserPayload): Promise<number> {
  const response = await api.asAdmin({ method: 'POST', url: '/api/v1/users', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}
