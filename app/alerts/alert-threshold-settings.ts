// Reads and changes the alert thresholds (settings key `alert_thresholds`). Only the keys an admin set
// are stored; the rest follow DEFAULT_ALERT_THRESHOLDS. A change is validated as a whole (tiers must not
// cross), audited with before and after, and announced so the next evaluation uses it.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { AppEvents } from '../events/app-events.ts';
import { type ErrorDetail, invalidFields } from '../http/errors.ts';
import type { SettingRepository } from '../storage/setting-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import {
  type AlertThresholds,
  DEFAULT_ALERT_THRESHOLDS,
  snakeOf,
  THRESHOLD_KEYS,
  THRESHOLD_MAX,
  THRESHOLD_ORDER,
  type ThresholdKey,
} from './alert-thresholds.ts';

export const ALERT_THRESHOLDS_KEY = 'alert_thresholds';

export interface AlertThresholdSettingsDeps {
  settings: SettingRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  events: AppEvents;
}

export class AlertThresholdSettings {
  private readonly deps: AlertThresholdSettingsDeps;

  constructor(deps: AlertThresholdSettingsDeps) {
    this.deps = deps;
  }

  read(): AlertThresholds {
    const stored = this.stored();
    const thresholds = { ...DEFAULT_ALERT_THRESHOLDS };
    for (const key of THRESHOLD_KEYS) {
      const value = stored[key];
      // A value a later version would refuse (hand-edited row) falls back to the default.
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) thresholds[key] = value;
    }
    return thresholds;
  }

  update(patch: Partial<AlertThresholds>, context: AuditContext): AlertThresholds {
    const after = this.deps.transaction(() => {
      const before = this.read();
      const merged = { ...before, ...patch };
      validate(merged, patch);
      const stored = { ...this.stored() };
      for (const key of THRESHOLD_KEYS) {
        if (patch[key] === undefined) continue;
        if (patch[key] === DEFAULT_ALERT_THRESHOLDS[key]) delete stored[key];
        else stored[key] = patch[key];
      }
      this.deps.settings.set(ALERT_THRESHOLDS_KEY, stored, this.deps.clock.now().toISOString());
      const changed = this.read();
      this.deps.audit.record(context, {
        action: 'alert_thresholds.update',
        entity: 'alert_thresholds',
        before,
        after: changed,
      });
      return changed;
    });
    this.deps.events.emit('settings');
    return after;
  }

  private stored(): Partial<Record<ThresholdKey, unknown>> {
    const value = this.deps.settings.all().get(ALERT_THRESHOLDS_KEY);
    return value !== null && typeof value === 'object'
      ? (value as Partial<Record<ThresholdKey, unknown>>)
      : {};
  }
}

function validate(merged: AlertThresholds, patch: Partial<AlertThresholds>): void {
  const problems: ErrorDetail[] = [];
  for (const key of THRESHOLD_KEYS) {
    const value = merged[key];
    if (!Number.isFinite(value) || value < 0 || value > THRESHOLD_MAX[key]) {
      problems.push({
        path: `/${snakeOf(key)}`,
        location: 'body',
        message: `must be a number from 0 to ${THRESHOLD_MAX[key]}`,
      });
    }
  }
  for (const [lower, higher] of THRESHOLD_ORDER) {
    if (merged[lower] > merged[higher]) {
      // Name the field the caller changed, so the form can point at it.
      const blamed = patch[higher] !== undefined ? higher : lower;
      problems.push({
        path: `/${snakeOf(blamed)}`,
        location: 'body',
        message: `${snakeOf(lower)} (${merged[lower]}) must not be above ${snakeOf(higher)} (${merged[higher]})`,
      });
    }
  }
  if (problems.length > 0) throw invalidFields(problems);
}
