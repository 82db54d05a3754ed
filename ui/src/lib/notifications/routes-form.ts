// A channel's routing as a form: either every alert (rule '*') from a minimum severity, or a choice of
// rules, each with its own minimum severity. The API keeps routes as {rule, min_severity} rows.
import { ALERT_RULES_IN_ORDER, ruleLabel } from '../alerts/alert-labels.ts';
import type { AlertRule, AlertSeverity } from '../api/types.ts';

export type RuleChoice = 'off' | AlertSeverity;

export interface RoutesForm {
  all: boolean;
  allMin: AlertSeverity;
  rules: Record<AlertRule, RuleChoice>;
}

export interface RouteLike {
  rule: '*' | AlertRule;
  min_severity: AlertSeverity;
}

export function routesForm(routes: readonly RouteLike[]): RoutesForm {
  const every = routes.find((route) => route.rule === '*');
  const rules = Object.fromEntries(ALERT_RULES_IN_ORDER.map((rule) => [rule, 'off'])) as Record<
    AlertRule,
    RuleChoice
  >;
  for (const route of routes) if (route.rule in rules) rules[route.rule as AlertRule] = route.min_severity;
  // A new channel (no routes) starts with «every alert»: the usual wish, and a test proves it works.
  return { all: every !== undefined || routes.length === 0, allMin: every?.min_severity ?? 'warning', rules };
}

export function routesFromForm(form: RoutesForm): RouteLike[] {
  if (form.all) return [{ rule: '*', min_severity: form.allMin }];
  return ALERT_RULES_IN_ORDER.filter((rule) => form.rules[rule] !== 'off').map((rule) => ({
    rule,
    min_severity: form.rules[rule] as AlertSeverity,
  }));
}

/** One line for the channel list. */
export function routesText(routes: readonly RouteLike[]): string {
  if (routes.length === 0) return 'Никакие тревоги (только тест)';
  const every = routes.find((route) => route.rule === '*');
  if (every) return every.min_severity === 'critical' ? 'Все тревоги, только критические' : 'Все тревоги';
  const names = routes.map(
    (route) => `${ruleLabel(route.rule)}${route.min_severity === 'critical' ? ' (крит.)' : ''}`,
  );
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} и ещё ${names.length - 3}`;
}
