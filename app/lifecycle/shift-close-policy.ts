// When a register's open shift must be closed (issue 4 "Lifecycle"), as a pure function of the shift,
// the settings and the time: at the configured local close time, and always once the shift reaches
// shift_max_hours, before the FN's 24-hour limit (FN spec table 40) blocks receipts. The same rule serves
// the scheduler (from the stored status) and the worker (from a fresh one), and makes the catch-up after
// downtime: a close time that passed while the box was off is still the latest one, so it is due at start.

import type { ShiftState } from '../../drivers/fiscal-registrar.ts';
import { deviceLocalToUtc, utcToDeviceLocal } from '../domain/device-time.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type ShiftCloseReason = 'expired' | 'max_age' | 'close_time';

export interface ShiftCloseInput {
  state: ShiftState;
  /** When the shift opened (UTC), from the FN document the box recorded; null when the box did not see it. */
  openedAt: string | null;
  /**
   * The last moment the box is sure the shift was not yet open when openedAt is unknown: the later of
   * the register's last recorded close and its creation. A shift opened on the device's keyboard after a
   * close time must not be closed again at once for that same close time.
   */
  knownSince: string;
  /** "HH:MM" in the register's zone, or null: no daily close. */
  closeTime: string | null;
  maxHours: number;
  timezone: string;
  now: Date;
}

export const CLOSE_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The latest instant ≤ now at which the local clock of `timezone` read `closeTime`. */
export function lastCloseInstant(closeTime: string, timezone: string, now: Date): Date {
  const today = utcToDeviceLocal(now, timezone).slice(0, 10);
  const todays = deviceLocalToUtc(`${today}T${closeTime}`, timezone);
  if (todays.getTime() <= now.getTime()) return todays;
  // Yesterday's close time, counted on the local calendar (a DST day is not 24 hours long).
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  return deviceLocalToUtc(`${yesterday}T${closeTime}`, timezone);
}

/** Why the shift must be closed now, or null when it may stay open. */
export function shiftCloseReason(input: ShiftCloseInput): ShiftCloseReason | null {
  if (input.state === 'closed') return null;
  // The device itself says the 24 hours are over: no receipt is possible until a Z-report.
  if (input.state === 'expired') return 'expired';
  const now = input.now.getTime();
  if (input.openedAt !== null && now - Date.parse(input.openedAt) >= input.maxHours * HOUR_MS) {
    return 'max_age';
  }
  if (input.closeTime !== null && CLOSE_TIME_PATTERN.test(input.closeTime)) {
    const since = Date.parse(input.openedAt ?? input.knownSince);
    if (lastCloseInstant(input.closeTime, input.timezone, input.now).getTime() > since) return 'close_time';
  }
  return null;
}
