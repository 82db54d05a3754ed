// Box-wide settings: the name shown in the UI and the time zone the box counts its days in (dashboard
// "today", receipts per day). Device clocks keep their own zone per register (register.timezone).
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
}

export const DEFAULT_SETTINGS: BoxSettings = { boxName: 'KassaBox', timezone: 'Europe/Moscow' };

// Stored keys are the API's names, so the table reads the same as the JSON.
const KEYS: Record<keyof BoxSettings, string> = { boxName: 'box_name', timezone: 'timezone' };

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
    return {
      boxName: typeof boxName === 'string' ? boxName : DEFAULT_SETTINGS.boxName,
      // A zone the runtime no longer knows (an old tzdata) must not break every "today".
      timezone: typeof timezone === 'string' && isTimeZone(timezone) ? timezone : DEFAULT_SETTINGS.timezone,
    };
  }

  update(patch: Partial<BoxSettings>, context: AuditContext): BoxSettings {
    if (patch.timezone !== undefined && !isTimeZone(patch.timezone)) {
      throw invalidField('/timezone', 'must be an IANA time zone such as Europe/Moscow');
    }
    if (patch.boxName !== undefined && patch.boxName.trim() === '') {
      throw invalidField('/box_name', 'must not be blank');
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
