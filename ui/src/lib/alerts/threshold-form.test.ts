import { describe, expect, it } from 'vitest';
import { ALERT_RULE_TEXT } from './alert-labels.ts';
import { THRESHOLD_FIELDS, THRESHOLD_GROUPS, thresholdForm, thresholdPatch } from './threshold-form.ts';

const DEFAULTS: Record<string, number> = {
  fn_expiry_warning_days: 30,
  fn_expiry_urgent_days: 14,
  fn_expiry_critical_days: 3,
  fn_memory_percent: 90,
  ofd_backlog_warning_days: 3,
  ofd_backlog_urgent_days: 7,
  ofd_backlog_critical_days: 20,
  shift_max_hours: 23,
  offline_minutes: 5,
  clock_drift_seconds: 60,
  pending_minutes: 10,
  no_receipts_days: 3,
  ofd_paid_warning_days: 30,
  ofd_paid_critical_days: 7,
  disk_warning_mb: 1024,
  disk_critical_mb: 256,
  memory_warning_mb: 128,
  memory_critical_mb: 64,
};

describe('threshold form', () => {
  it('has a field for every threshold the server knows, under a rule with a label', () => {
    expect(THRESHOLD_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(DEFAULTS).sort());
    for (const group of THRESHOLD_GROUPS) expect(ALERT_RULE_TEXT[group.rule]).toBeDefined();
  });

  it('sends only what changed, with a decimal comma accepted for hours', () => {
    const form = thresholdForm(DEFAULTS);
    expect(form.fn_expiry_warning_days).toBe('30');
    form.shift_max_hours = '23,5';
    form.offline_minutes = '10';
    expect(thresholdPatch(DEFAULTS, form)).toEqual({
      patch: { shift_max_hours: 23.5, offline_minutes: 10 },
      errors: {},
    });
  });

  it('refuses empties, negatives and fractions of whole units', () => {
    const form = thresholdForm(DEFAULTS);
    form.fn_memory_percent = '';
    form.pending_minutes = '-1';
    form.no_receipts_days = '1.5';
    const { errors, patch } = thresholdPatch(DEFAULTS, form);
    expect(errors).toEqual({
      fn_memory_percent: 'Укажите число',
      pending_minutes: 'Число не меньше 0',
      no_receipts_days: 'Целое число',
    });
    expect(patch).toEqual({});
  });
});
