// Organizations: the legal entities receipts are issued for (docs/api.md "Organizations").
import { api } from '../api/client.ts';
import type { OrganizationCreateBody, OrganizationJson, OrganizationPatchBody } from '../api/types.ts';

export type TaxSystem = OrganizationJson['tax_system'];

export async function listOrganizations(): Promise<OrganizationJson[]> {
  return (await api.get<{ items: OrganizationJson[] }>('/organizations')).items;
}

export function getOrganization(id: number): Promise<OrganizationJson> {
  return api.get(`/organizations/${id}`);
}

export function createOrganization(body: OrganizationCreateBody): Promise<OrganizationJson> {
  return api.post('/organizations', body);
}

export function updateOrganization(id: number, body: OrganizationPatchBody): Promise<OrganizationJson> {
  return api.patch(`/organizations/${id}`, body);
}

export function deleteOrganization(id: number): Promise<void> {
  return api.delete(`/organizations/${id}`);
}
