import { describe, expect, it } from 'vitest';
import { type RouteLike, routesForm, routesFromForm, routesText } from './routes-form.ts';

describe('routing form', () => {
  it('starts a new channel on every alert', () => {
    const form = routesForm([]);
    expect(form.all).toBe(true);
    expect(routesFromForm(form)).toEqual([{ rule: '*', min_severity: 'warning' }]);
  });

  it('round-trips a choice of rules with their severities', () => {
    const routes: RouteLike[] = [
      { rule: 'paper_out', min_severity: 'warning' },
      { rule: 'fn_expiry', min_severity: 'critical' },
    ];
    const form = routesForm(routes);
    expect(form.all).toBe(false);
    expect(form.rules.paper_out).toBe('warning');
    expect(form.rules.register_offline).toBe('off');
    // The order is the rule list's, not the order they came in.
    expect(routesFromForm(form)).toEqual([routes[1], routes[0]]);
  });

  it('reads as a line', () => {
    expect(routesText([{ rule: '*', min_severity: 'critical' }])).toBe('Все тревоги, только критические');
    expect(routesText([])).toBe('Никакие тревоги (только тест)');
    expect(
      routesText([
        { rule: 'paper_out', min_severity: 'warning' },
        { rule: 'fn_expiry', min_severity: 'critical' },
      ]),
    ).toBe('Нет бумаги, Срок ФН заканчивается (крит.)');
    const many = (['paper_out', 'fn_expiry', 'fn_memory', 'shift_age', 'disk_low'] as const).map(
      (rule): RouteLike => ({ rule, min_severity: 'warning' }),
    );
    expect(routesText(many)).toBe('Нет бумаги, Срок ФН заканчивается, Память ФН заполняется и ещё 2');
  });
});
