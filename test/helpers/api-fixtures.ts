// Setting up organizations, sources and tokens through the API, for HTTP tests.
import { expect } from 'vitest';
import type { TestApi } from './api-harness.ts';

/** A real company INN (valid check digit). */
export const COMPANY_INN = '7707083893';

export async function createOrganization(api: TestApi, name = 'ООО «Связь»'): Promise<number> {
  const response = await api.asAdmin({
    method: 'POST',
    url: '/api/v1/organizations',
    payload: { name, inn: COMPANY_INN, tax_system: 'usn_income' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

export async function createSource(api: TestApi, organizationId: number, name = 'billing'): Promise<number> {
  const response = await api.asAdmin({
    method: 'POST',
    url: '/api/v1/sources',
    payload: { organization_id: organizationId, name },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

export async function issueToken(
  api: TestApi,
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
