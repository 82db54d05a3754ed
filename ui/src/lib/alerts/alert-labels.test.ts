import { describe, expect, it } from 'vitest';
import {
  ALERT_RULE_TEXT,
  ALERT_RULES_IN_ORDER,
  countBySeverity,
  countsText,
  ruleLabel,
  sortActive,
  subjectLabel,
} from './alert-labels.ts';

describe('alert labels', () => {
  it('names every rule in Russian, with an action', () => {
    expect(ALERT_RULES_IN_ORDER).toContain('paper_out');
    for (const rule of ALERT_RULES_IN_ORDER) {
      expect(ALERT_RULE_TEXT[rule].label).toMatch(/[А-Яа-я]/);
      expect(ALERT_RULE_TEXT[rule].action.length).toBeGreaterThan(5);
    }
    expect(ruleLabel('register_offline')).toBe('Касса не на связи');
    expect(ruleLabel('future_rule')).toBe('future_rule');
  });

  it('names the subject: the register or the box', () => {
    const names = new Map([[3, 'Касса на Ленина']]);
    expect(subjectLabel(3, names)).toBe('Касса на Ленина');
    expect(subjectLabel(9, names)).toBe('Касса № 9');
    expect(subjectLabel(null, names)).toBe('KassaBox');
  });

  it('counts active alerts by severity and says so', () => {
    const counts = countBySeverity([
      { severity: 'critical' },
      { severity: 'warning', state: 'active' },
      { severity: 'warning', state: 'active' },
      { severity: 'critical', state: 'cleared' },
    ]);
    expect(counts).toEqual({ critical: 1, warning: 2 });
    expect(countsText(counts)).toBe('Активные тревоги — критических: 1, предупреждений: 2');
    expect(countsText({ critical: 0, warning: 0 })).toBe('Активных тревог нет');
  });

  it('puts critical first, then the newest', () => {
    const sorted = sortActive([
      { id: 1, severity: 'warning' as const, raised_at: '2026-11-23T10:00:00Z' },
      { id: 2, severity: 'critical' as const, raised_at: '2026-11-23T08:00:00Z' },
      { id: 3, severity: 'warning' as const, raised_at: '2026-11-23T11:00:00Z' },
    ]);
    expect(sorted.map((a) => a.id)).toEqual([2, 3, 1]);
  });
});
