// Box-wide settings: the name shown in the UI and the time zone the box counts its days in (dashboard
// "today", receipts per day). Device clocks keep their own zone per register (register.timezone).
// Also the lifecycle's pacing (issue 4): the status poll interval and when shifts are closed.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { AppEvents } from '../events/app-events.ts';
import { invalidField } from '../http/errors.ts';
import { isTimeZone } from '../registers/time-zone.ts';
import type { SettingRepository } from '../storage/setting-repository.ts';
import type { Transaction } from '../storage/transaction.ts';

export interface BoxSettings {
  boxName: string;
  timezone: string;
  /** How often each register's status is read (app/lifecycle/), seconds, at least 10. */
  statusPollSeconds: number;
  /** "HH:MM" local to each register's zone at which its shift is closed, or null: no daily close. */
  shiftCloseTime: string | null;
  /** A shift this old is closed whatever the time, before the FN's 24-hour limit. */
  shiftMaxHours: number;
}

export const DEFAULT_SETTINGS: BoxSettings = {
  boxName: 'KassaBox',
  timezone: 'Europe/Moscow',
  statusPollSeconds: 60,
  shiftCloseTime: null,
  // An hour and a half before the FN refuses receipts: retries of a close the device refused still fit,
  // and the shift_age alert (23 h, issue 4) fires only when the automatic close has failed.
  shiftMaxHours: 22.5,
};

/** Bounds of the lifecycle settings, shared with the API schema (app/http/schemas/operations.ts). */
export const LIFECYCLE_BOUNDS = {
  statusPollSeconds: { min: 10, max: 3_600 },
  shiftMaxHours: { min: 1, max: 23.5 },
} as const;
const CLOSE_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

// Stored keys are the API's names, so the table reads the same as the JSON.
const KEYS: Record<keyof BoxSettings, string> = {
  boxName: 'box_name',
  timezone: 'timezone',
  statusPollSeconds: 'status_poll_seconds',
  shiftCloseTime: 'shift_close_time',
  shiftMaxHours: 'shift_max_hours',
};

function inRange(value: unknown, bounds: { min: number; max: number }): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= bounds.min && value <= bounds.max;
}

export interface SettingsServiceDeps {
  settings: SettingRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  events: AppEvents;
}

export class SettingsService {
  private readonly deps: SettingsServiceDeps;

  constructor(deps: SettingsServiceDeps) {
    this.deps = deps;
  }

  read(): BoxSettings {
    const stored = this.deps.settings.all();
    const boxName = stored.get(KEYS.boxName);
    const timezone = stored.get(KEYS.timezone);
    const pollSeconds = stored.get(KEYS.statusPollSeconds);
    const closeTime = stored.get(KEYS.shiftCloseTime);
    const maxHours = stored.get(KEYS.shiftMaxHours);
    return {
      boxName: typeof boxName === 'string' ? boxName : DEFAULT_SETTINGS.boxName,
      // A zone the runtime no longer knows (an old tzdata) must not break every "today".
      timezone: typeof timezone === 'string' && isTimeZone(timezone) ? timezone : DEFAULT_SETTINGS.timezone,
      statusPollSeconds: inRange(pollSeconds, LIFECYCLE_BOUNDS.statusPollSeconds)
        ? pollSeconds
        : DEFAULT_SETTINGS.statusPollSeconds,
      shiftCloseTime: typeof closeTime === 'string' && CLOSE_TIME.test(closeTime) ? closeTime : null,
      shiftMaxHours: inRange(maxHours, LIFECYCLE_BOUNDS.shiftMaxHours)
        ? maxHours
        : DEFAULT_SETTINGS.shiftMaxHours,
    };
  }

  update(patch: Partial<BoxSettings>, context: AuditContext): BoxSettings {
    if (patch.timezone !== undefined && !isTimeZone(patch.timezone)) {
      throw invalidField('/timezone', 'must be an IANA time zone such as Europe/Moscow');
    }
    if (patch.boxName !== undefined && patch.boxName.trim() === '') {
      throw invalidField('/box_name', 'must not be blank');
    }
    const { statusPollSeconds: poll, shiftMaxHours: hours } = LIFECYCLE_BOUNDS;
    if (patch.statusPollSeconds !== undefined && !inRange(patch.statusPollSeconds, poll)) {
      throw invalidField('/status_poll_seconds', `must be from ${poll.min} to ${poll.max} seconds`);
    }
    if (
      patch.shiftCloseTime !== undefined &&
      patch.shiftCloseTime !== null &&
      !CLOSE_TIME.test(patch.shiftCloseTime)
    ) {
      throw invalidField('/shift_close_time', 'must be a local time HH:MM (00:00–23:59) or null');
    }
    if (patch.shiftMaxHours !== undefined && !inRange(patch.shiftMaxHours, hours)) {
      throw invalidField('/shift_max_hours', `must be from ${hours.min} to ${hours.max} hours`);
    }
    const after = this.deps.transaction(() => {
      const before = this.read();
      const at = this.deps.clock.now().toISOString();
      for (const key of Object.keys(KEYS) as (keyof BoxSettings)[]) {
        const value = patch[key];
        if (value !== undefined) this.deps.settings.set(KEYS[key], value, at);
      }
      const changed = this.read();
      this.deps.audit.record(context, {
        action: 'settings.update',
        entity: 'settings',
        before,
        after: changed,
      });
      return changed;
    });
    this.deps.events.emit('settings');
    return after;
  }
}
