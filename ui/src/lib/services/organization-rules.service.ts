// A source's account → organization rules: an ordered list, the first match wins, no match means the
// source's own organization. PUT replaces the whole list; resolve says where an account would go.
import { api } from '../api/client.ts';
import type {
  OrganizationRuleJson,
  OrganizationRuleListJson,
  OrganizationRuleResolveAnswerJson,
  OrganizationRulesPutBody,
} from '../api/types.ts';

export async function listOrganizationRules(sourceId: number): Promise<OrganizationRuleJson[]> {
  return (await api.get<OrganizationRuleListJson>(`/sources/${sourceId}/organization-rules`)).items;
}

export async function putOrganizationRules(
  sourceId: number,
  items: OrganizationRulesPutBody['items'],
): Promise<OrganizationRuleJson[]> {
  return (await api.put<OrganizationRuleListJson>(`/sources/${sourceId}/organization-rules`, { items }))
    .items;
}

export function resolveOrganization(
  sourceId: number,
  account: string,
): Promise<OrganizationRuleResolveAnswerJson> {
  return api.post(`/sources/${sourceId}/organization-rules/resolve`, { account });
}
