// Gathers what shift-close-policy.ts needs for one register from the box's records, so the scheduler
// (stored status) and the worker (fresh status) judge a shift the same way.
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { FnUsageRepository } from '../storage/fn-usage-repository.ts';
import type { OperationsRepository } from '../storage/operations-repository.ts';
import type { RegisterRow } from '../storage/register-repository.ts';
import { type ShiftCloseReason, shiftCloseReason } from './shift-close-policy.ts';

export interface ShiftCloseRuleDeps {
  settings: SettingsService;
  usage: FnUsageRepository;
  operations: Pick<OperationsRepository, 'shiftOpenedAt'>;
}

export class ShiftCloseRule {
  private readonly deps: ShiftCloseRuleDeps;

  constructor(deps: ShiftCloseRuleDeps) {
    this.deps = deps;
  }

  reasonFor(register: RegisterRow, status: RegistrarStatus, now: Date): ShiftCloseReason | null {
    if (status.shift.state === 'closed') return null;
    const settings = this.deps.settings.read();
    const lastClosed = this.deps.usage.lastShiftClosedAt(register.id);
    return shiftCloseReason({
      state: status.shift.state,
      openedAt: this.deps.operations.shiftOpenedAt(register.id, status.fn.number, status.shift.number),
      knownSince: lastClosed !== null && lastClosed > register.createdAt ? lastClosed : register.createdAt,
      closeTime: settings.shiftCloseTime,
      maxHours: settings.shiftMaxHours,
      timezone: register.timezone,
      now,
    });
  }
}
