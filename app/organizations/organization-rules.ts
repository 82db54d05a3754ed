// Which organization a payment belongs to (issue 5 "several organizations"). One provider often runs
// two legal entities (an LLC and a sole trader) behind one billing; the account tells them apart. A
// source's rules are tried in `position` order and the first that matches wins; no match means the
// source's own organization. A "table" of accounts is many `exact` rules.
//
// Decisions (docs/integrations.md "Several organizations"):
// - prefix and exact compare text exactly, case included (accounts are trimmed when accepted).
// - range: only accounts of digits only, compared as numbers, so leading zeros do not count ("00042"
//   is 42). Bounds go up to 15 digits (999 999 999 999 999, still exact as a JS number and as a
//   SQLite integer); an account whose number has more than 15 significant digits is above every
//   range and matches none. Where zeros matter, or accounts are longer, use prefix or exact rules.

export const RULE_MATCHES = ['prefix', 'range', 'exact'] as const;
export type RuleMatch = (typeof RULE_MATCHES)[number];

/** The largest range bound: 15 digits. */
export const MAX_RANGE_BOUND = 999_999_999_999_999;

export interface OrganizationRule {
  position: number;
  match: RuleMatch;
  /** prefix and exact: the text; null for a range. */
  value: string | null;
  /** range: both ends included; null otherwise. */
  rangeFrom: number | null;
  rangeTo: number | null;
  organizationId: number;
}

/**
 * The number of an account of digits only, leading zeros ignored; undefined when the account has any
 * other character or more than 15 significant digits (then no range can contain it).
 */
export function accountNumber(account: string): number | undefined {
  if (!/^[0-9]+$/.test(account)) return undefined;
  const significant = account.replace(/^0+/, '');
  if (significant.length > 15) return undefined;
  return significant === '' ? 0 : Number(significant);
}

export function ruleMatches(rule: OrganizationRule, account: string): boolean {
  switch (rule.match) {
    case 'exact':
      return account === rule.value;
    case 'prefix':
      return rule.value !== null && account.startsWith(rule.value);
    case 'range': {
      const number = accountNumber(account);
      return (
        number !== undefined &&
        rule.rangeFrom !== null &&
        rule.rangeTo !== null &&
        number >= rule.rangeFrom &&
        number <= rule.rangeTo
      );
    }
  }
}

/** The matching rule of the lowest position, or undefined. `rules` may come in any order. */
export function firstMatch(
  rules: readonly OrganizationRule[],
  account: string,
): OrganizationRule | undefined {
  let best: OrganizationRule | undefined;
  for (const rule of rules) {
    if ((best === undefined || rule.position < best.position) && ruleMatches(rule, account)) best = rule;
  }
  return best;
}

/** A rule as a person sent it, before checks (snake_case fields map 1:1). */
export interface OrganizationRuleInput {
  position?: number | undefined;
  match: RuleMatch;
  value?: string | null | undefined;
  rangeFrom?: number | null | undefined;
  rangeTo?: number | null | undefined;
  organizationId: number;
}

export interface RuleProblem {
  /** JSON pointer into the request body, e.g. /items/3/range_to. */
  path: string;
  message: string;
}

/**
 * Every problem of a rule list, each naming its item, so a person fixes them all in one go. Overlaps
 * are allowed on purpose: position decides, e.g. an exact exception before a wide prefix.
 */
export function ruleProblems(
  items: readonly OrganizationRuleInput[],
  organizationExists: (id: number) => boolean,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const exactSeen = new Map<string, number>();
  items.forEach((item, index) => {
    const at = (field: string) => `/items/${index}/${field}`;
    const add = (field: string, message: string) => problems.push({ path: at(field), message });
    if (item.position !== undefined && item.position !== index)
      add('position', `must be ${index} (rules are tried in the order of the list) or left out`);
    if (!organizationExists(item.organizationId))
      add('organization_id', `organization ${item.organizationId} does not exist`);
    const value = item.value ?? null;
    const from = item.rangeFrom ?? null;
    const to = item.rangeTo ?? null;
    if (item.match === 'range') {
      if (value !== null) add('value', 'must be null for a range rule (a range has no prefix or text)');
      if (from === null) add('range_from', 'is required for a range rule');
      if (to === null) add('range_to', 'is required for a range rule');
      if (from !== null && to !== null && from > to)
        add('range_to', `must not be less than range_from (${from})`);
      return;
    }
    if (from !== null) add('range_from', `must be null for a ${item.match} rule`);
    if (to !== null) add('range_to', `must be null for a ${item.match} rule`);
    if (value === null || value.trim() === '') {
      add('value', `is required for a ${item.match} rule and must not be blank`);
    } else if (value !== value.trim()) {
      add('value', 'must not start or end with a space (accounts are compared trimmed)');
    } else if (item.match === 'exact') {
      // The same account twice is harmless (the first wins) but always a slip in a table.
      const earlier = exactSeen.get(value);
      if (earlier !== undefined) add('value', `repeats the account of /items/${earlier} ("${value}")`);
      else exactSeen.set(value, index);
    }
  });
  return problems;
}
