// The alert thresholds page (GET/PATCH /alert-thresholds): the figures grouped by rule, each with its
// Russian label and unit, and the patch of what an admin changed. Keys are the API's snake_case names
// (app/alerts/alert-thresholds.ts); the server checks ranges and that tiers do not cross.
import type { AlertRule } from '../api/types.ts';

export interface ThresholdField {
  key: string;
  label: string;
  unit: string;
  /** Whole numbers only (days, minutes…); false for hours, where 23.5 makes sense. */
  integer: boolean;
}

export interface ThresholdGroup {
  rule: AlertRule;
  fields: readonly ThresholdField[];
}

const days = (key: string, label: string): ThresholdField => ({ key, label, unit: 'дн.', integer: true });

export const THRESHOLD_GROUPS: readonly ThresholdGroup[] = [
  {
    rule: 'fn_expiry',
    fields: [
      days('fn_expiry_warning_days', 'Предупреждать, когда до конца срока осталось'),
      days('fn_expiry_urgent_days', 'Срочно — когда осталось'),
      days('fn_expiry_critical_days', 'Критично — когда осталось'),
    ],
  },
  {
    rule: 'fn_memory',
    fields: [{ key: 'fn_memory_percent', label: 'Память ФН заполнена на', unit: '%', integer: true }],
  },
  {
    rule: 'ofd_backlog',
    fields: [
      days('ofd_backlog_warning_days', 'Предупреждать, когда старейший неотправленный документ старше'),
      days('ofd_backlog_urgent_days', 'Срочно — старше'),
      days('ofd_backlog_critical_days', 'Критично — старше (ФН блокируется через 30)'),
    ],
  },
  {
    rule: 'shift_age',
    fields: [{ key: 'shift_max_hours', label: 'Смена открыта дольше', unit: 'ч', integer: false }],
  },
  {
    rule: 'register_offline',
    fields: [{ key: 'offline_minutes', label: 'Касса не отвечает', unit: 'мин', integer: true }],
  },
  {
    rule: 'clock_drift',
    fields: [
      { key: 'clock_drift_seconds', label: 'Часы кассы расходятся больше чем на', unit: 'с', integer: true },
    ],
  },
  {
    rule: 'queue_pending_age',
    fields: [{ key: 'pending_minutes', label: 'Задание ждёт в очереди дольше', unit: 'мин', integer: true }],
  },
  { rule: 'no_receipts', fields: [days('no_receipts_days', 'Касса не печатала чеков')] },
  {
    rule: 'ofd_paid_period',
    fields: [
      days('ofd_paid_warning_days', 'Предупреждать, когда до конца оплаты ОФД осталось'),
      days('ofd_paid_critical_days', 'Критично — когда осталось'),
    ],
  },
  {
    rule: 'disk_low',
    fields: [
      { key: 'disk_warning_mb', label: 'Свободно на диске меньше', unit: 'МиБ', integer: true },
      { key: 'disk_critical_mb', label: 'Критично — меньше', unit: 'МиБ', integer: true },
    ],
  },
  {
    rule: 'memory_low',
    fields: [
      { key: 'memory_warning_mb', label: 'Свободной памяти меньше', unit: 'МиБ', integer: true },
      { key: 'memory_critical_mb', label: 'Критично — меньше', unit: 'МиБ', integer: true },
    ],
  },
];

export const THRESHOLD_FIELDS: readonly ThresholdField[] = THRESHOLD_GROUPS.flatMap((group) => group.fields);

export function thresholdForm(values: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(
    THRESHOLD_FIELDS.map((field) => [
      field.key,
      values[field.key] === undefined ? '' : String(values[field.key]).replace('.', ','),
    ]),
  );
}

/** Only the changed figures (a PATCH), or the problems by field key. Accepts «23,5» as well as «23.5». */
export function thresholdPatch(
  original: Readonly<Record<string, number>>,
  form: Readonly<Record<string, string>>,
): { patch: Record<string, number>; errors: Record<string, string> } {
  const patch: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const field of THRESHOLD_FIELDS) {
    const text = (form[field.key] ?? '').trim().replace(',', '.');
    if (text === '') {
      errors[field.key] = 'Укажите число';
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) errors[field.key] = 'Число не меньше 0';
    else if (field.integer && !Number.isInteger(value)) errors[field.key] = 'Целое число';
    else if (value !== original[field.key]) patch[field.key] = value;
  }
  return { patch, errors };
}
