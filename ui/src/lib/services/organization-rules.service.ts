// A source's account → organization rules: an ordered list, the first match wins, no match means the
// source's own organization. PUT replaces the whole list; resolve says where an account would go.
import { api } from '../api/client.ts';
import type {
  OrganizationRuleListJson,
  OrganizationRuleResolveAnswerJson,
  OrganizationRulesPutBody,
} from '../api/types.ts';

/** The rules in order, with warnings about likely mistakes (an organization without a register). */
export function getOrganizationRules(sourceId: number): Promise<OrganizationRuleListJson> {
  return api.get(`/sources/${sourceId}/organization-rules`);
}

export function putOrganizationRules(
  sourceId: number,
  items: OrganizationRulesPutBody['items'],
): Promise<OrganizationRuleListJson> {
  return api.put(`/sources/${sourceId}/organization-rules`, { items });
}

export function resolveOrganization(
  sourceId: number,
  account: string,
): Promise<OrganizationRuleResolveAnswerJson> {
  return api.post(`/sources/${sourceId}/organization-rules/resolve`, { account });
}
