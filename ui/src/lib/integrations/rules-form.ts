// A source's account → organization rules as an editable list: each row a prefix, an exact account or a
// range of account numbers, and the organization; the order is the order of trial (the first match
// wins). Turned into the PUT body with problems keyed as the server keys them (`items.2.value`).
import type { OrganizationRuleJson, OrganizationRulesPutBody } from '../api/types.ts';

export type RuleMatch = OrganizationRuleJson['match'];

export const RULE_MATCH_LABELS: Record<RuleMatch, string> = {
  prefix: 'начинается с',
  exact: 'равен',
  range: 'в диапазоне',
};

export interface RuleRow {
  /** A stable key for the list while rows move. */
  key: number;
  match: RuleMatch;
  value: string;
  from: string;
  to: string;
  organization_id: number;
}

let nextKey = 1;

export function ruleRows(rules: readonly OrganizationRuleJson[]): RuleRow[] {
  return [...rules]
    .sort((a, b) => a.position - b.position)
    .map((rule) => ({
      key: nextKey++,
      match: rule.match,
      value: rule.value ?? '',
      from: rule.range_from === null ? '' : String(rule.range_from),
      to: rule.range_to === null ? '' : String(rule.range_to),
      organization_id: rule.organization_id,
    }));
}

export function blankRule(organizationId: number): RuleRow {
  return { key: nextKey++, match: 'prefix', value: '', from: '', to: '', organization_id: organizationId };
}

/** Moves row `index` one place up (-1) or down (+1); a new array, the same rows. */
export function moveRule(rows: readonly RuleRow[], index: number, by: -1 | 1): RuleRow[] {
  const target = index + by;
  if (target < 0 || target >= rows.length) return [...rows];
  const out = [...rows];
  [out[index], out[target]] = [out[target] as RuleRow, out[index] as RuleRow];
  return out;
}

export function rulesBody(rows: readonly RuleRow[]): {
  items: OrganizationRulesPutBody['items'];
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const items = rows.map((row, i) => {
    if (!row.organization_id) errors[`items.${i}.organization_id`] = 'Выберите организацию';
    if (row.match === 'range') {
      const from = row.from.trim();
      const to = row.to.trim();
      if (!/^\d{1,15}$/.test(from)) errors[`items.${i}.range_from`] = 'Число';
      if (!/^\d{1,15}$/.test(to)) errors[`items.${i}.range_to`] = 'Число';
      else if (/^\d{1,15}$/.test(from) && Number(to) < Number(from))
        errors[`items.${i}.range_to`] = 'Конец меньше начала';
      return {
        position: i,
        match: row.match,
        value: null,
        range_from: Number(from),
        range_to: Number(to),
        organization_id: row.organization_id,
      };
    }
    const value = row.value.trim();
    if (value === '') errors[`items.${i}.value`] = 'Введите счёт или его начало';
    return {
      position: i,
      match: row.match,
      value,
      range_from: null,
      range_to: null,
      organization_id: row.organization_id,
    };
  });
  return { items, errors };
}

/** One rule in words: «начинается с 77 → ООО «Вектор»». */
export function ruleText(
  rule: Pick<OrganizationRuleJson, 'match' | 'value' | 'range_from' | 'range_to'>,
): string {
  if (rule.match === 'range') return `${RULE_MATCH_LABELS.range} ${rule.range_from}–${rule.range_to}`;
  return `${RULE_MATCH_LABELS[rule.match]} ${rule.value ?? ''}`;
}
