// The API contract of a source's account → organization rules (issue 5 "several organizations"),
// snake_case JSON. The list is replaced whole (PUT); its order is the order the rules are tried in.
import { type Static, Type } from 'typebox';
import {
  MAX_RANGE_BOUND,
  type OrganizationRule as OrganizationRuleRow,
  RULE_MATCHES,
} from '../../organizations/organization-rules.ts';
import { TAX_SYSTEMS } from '../../storage/organization-repository.ts';

const Match = Type.Enum([...RULE_MATCHES], {
  description:
    'prefix: the account starts with `value`; exact: the account is `value`; range: the account is digits only and ' +
    'its number (leading zeros ignored) lies in range_from..range_to, both included',
});
const Value = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'prefix and exact: the text compared with the account (case matters); null for a range',
});
const Bound = Type.Integer({
  minimum: 0,
  maximum: MAX_RANGE_BOUND,
  description: 'range: an end of the range (0 to 999999999999999, both ends included); null otherwise',
});

export const OrganizationRule = Type.Object({
  position: Type.Integer({
    minimum: 0,
    description: 'Order of trial, from 0; the first rule that matches wins',
  }),
  match: Match,
  value: Type.Union([Value, Type.Null()]),
  range_from: Type.Union([Bound, Type.Null()]),
  range_to: Type.Union([Bound, Type.Null()]),
  organization_id: Type.Integer({ description: 'The organization whose receipt a matching payment gets' }),
});
export type OrganizationRuleJson = Static<typeof OrganizationRule>;

export const OrganizationRuleWarning = Type.Object({
  path: Type.String({ description: 'JSON pointer to the rule concerned, e.g. /items/2/organization_id' }),
  message: Type.String(),
});

export const OrganizationRuleList = Type.Object({
  items: Type.Array(OrganizationRule),
  warnings: Type.Array(OrganizationRuleWarning, {
    description:
      'Things that are allowed but likely wrong, e.g. a rule sending payments to an organization without an ' +
      'enabled register (its receipts wait until one is there)',
  }),
});
export type OrganizationRuleListJson = Static<typeof OrganizationRuleList>;

export const OrganizationRuleInput = Type.Object(
  {
    position: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'May be left out; when sent it must equal the index of the rule in `items`',
      }),
    ),
    match: Match,
    value: Type.Optional(Type.Union([Value, Type.Null()])),
    range_from: Type.Optional(Type.Union([Bound, Type.Null()])),
    range_to: Type.Optional(Type.Union([Bound, Type.Null()])),
    organization_id: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type OrganizationRuleInputJson = Static<typeof OrganizationRuleInput>;

export const OrganizationRulesPut = Type.Object(
  {
    items: Type.Array(OrganizationRuleInput, {
      maxItems: 20_000,
      description: 'All rules of the source in the order they are tried; an empty list removes them all',
    }),
  },
  { additionalProperties: false },
);
export type OrganizationRulesPutBody = Static<typeof OrganizationRulesPut>;

export const OrganizationRuleResolve = Type.Object(
  {
    account: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '\\S',
      description: 'a non-blank subscriber account of up to 64 characters',
    }),
  },
  { additionalProperties: false },
);
export type OrganizationRuleResolveBody = Static<typeof OrganizationRuleResolve>;

export const OrganizationRuleResolveAnswer = Type.Object({
  organization_id: Type.Integer(),
  position: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The rule that matched; null when none did and the source’s own organization applies',
  }),
  organization_name: Type.String(),
  tax_system: Type.Enum([...TAX_SYSTEMS], { description: 'Taxation system of the receipt (tag 1055)' }),
  enabled_registers: Type.Integer({
    description: 'Enabled registers of that organization; 0 means its receipts would wait',
  }),
});
export type OrganizationRuleResolveAnswerJson = Static<typeof OrganizationRuleResolveAnswer>;

export function organizationRuleJson(rule: OrganizationRuleRow): OrganizationRuleJson {
  return {
    position: rule.position,
    match: rule.match,
    value: rule.value,
    range_from: rule.rangeFrom,
    range_to: rule.rangeTo,
    organization_id: rule.organizationId,
  };
}
