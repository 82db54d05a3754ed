// A source's account → organization rules (issue 5 "several organizations"): read, replace the whole
// list, and ask which organization an account would go to (for a technician setting them up).

import type { OrganizationRuleList as RuleList } from '../../organizations/organization-rules-service.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  OrganizationRuleList,
  type OrganizationRuleListJson,
  OrganizationRuleResolve,
  OrganizationRuleResolveAnswer,
  OrganizationRulesPut,
  organizationRuleJson,
} from '../schemas/organization-rule.ts';

const tags = ['sources'];

function listJson(list: RuleList): OrganizationRuleListJson {
  return { items: list.rules.map(organizationRuleJson), warnings: list.warnings };
}

export const organizationRuleRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.organizationRules;

  app.get(
    '/sources/:id/organization-rules',
    {
      schema: {
        tags,
        summary: "List the source's account → organization rules in the order they are tried",
        params: IdParams,
        response: { 200: OrganizationRuleList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listJson(service.list(request.params.id)),
  );

  app.put(
    '/sources/:id/organization-rules',
    {
      // A table of a few thousand accounts is larger than the default body limit of small requests.
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: "Replace all of the source's organization rules (the first that matches an account wins)",
        params: IdParams,
        body: OrganizationRulesPut,
        response: { 200: OrganizationRuleList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      listJson(
        service.replace(
          request.params.id,
          request.body.items.map((item) => ({
            position: item.position,
            match: item.match,
            value: item.value,
            rangeFrom: item.range_from,
            rangeTo: item.range_to,
            organizationId: item.organization_id,
          })),
          auditContext(request),
        ),
      ),
  );

  app.post(
    '/sources/:id/organization-rules/resolve',
    {
      schema: {
        tags,
        summary: 'Which organization (and tax system) a payment to this account through the source would get',
        params: IdParams,
        body: OrganizationRuleResolve,
        response: { 200: OrganizationRuleResolveAnswer, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const answer = service.resolve(request.params.id, request.body.account);
      return {
        organization_id: answer.organizationId,
        position: answer.position,
        organization_name: answer.organizationName,
        tax_system: answer.taxSystem,
        enabled_registers: answer.enabledRegisters,
      };
    },
  );
};
