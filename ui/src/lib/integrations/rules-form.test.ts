import { describe, expect, it } from 'vitest';
import { blankRule, moveRule, ruleRows, rulesBody, ruleText } from './rules-form.ts';

describe('organization rules form', () => {
  const stored = [
    { position: 1, match: 'range' as const, value: null, range_from: 100, range_to: 199, organization_id: 3 },
    {
      position: 0,
      match: 'prefix' as const,
      value: '77',
      range_from: null,
      range_to: null,
      organization_id: 2,
    },
  ];

  it('shows rules in their order and sends them back with positions from the list order', () => {
    const rows = ruleRows(stored);
    expect(rows.map((r) => r.match)).toEqual(['prefix', 'range']);
    const { items, errors } = rulesBody(moveRule(rows, 1, -1));
    expect(errors).toEqual({});
    expect(items).toEqual([
      { position: 0, match: 'range', value: null, range_from: 100, range_to: 199, organization_id: 3 },
      { position: 1, match: 'prefix', value: '77', range_from: null, range_to: null, organization_id: 2 },
    ]);
  });

  it('names the problem of each row where the server would', () => {
    const range = { ...blankRule(2), match: 'range' as const, from: '200', to: '100' };
    const { errors } = rulesBody([blankRule(2), range, { ...blankRule(0), value: '5' }]);
    expect(errors).toEqual({
      'items.0.value': 'Введите счёт или его начало',
      'items.1.range_to': 'Конец меньше начала',
      'items.2.organization_id': 'Выберите организацию',
    });
  });

  it('keeps the list when a row cannot move further', () => {
    const rows = ruleRows(stored);
    expect(moveRule(rows, 0, -1)).toEqual(rows);
    expect(ruleText(stored[0]!)).toBe('в диапазоне 100–199');
  });
});
