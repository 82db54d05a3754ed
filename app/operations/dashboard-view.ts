// The dashboard (GET /dashboard and GET /events): every register with what its last status read said,
// the unfinished queue, and today's receipts, "today" being the calendar day in the box time zone.
// Built from the database only: it never asks a device, so any number of viewers cost one query set.
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { Clock } from '../clock.ts';
import { deviceLocalToUtc } from '../domain/device-time.ts';
import type { DashboardJson, DashboardRegisterJson } from '../http/schemas/operations.ts';
import type { FnForecastService } from '../lifecycle/fn-forecast-service.ts';
import type { RegisterStates } from '../pipeline/worker-context.ts';
import { fnFillPercent } from '../registers/register-status-recorder.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { OperationsRepository, ReceiptTotals } from '../storage/operations-repository.ts';
import type { RegisterRepository, RegisterRow } from '../storage/register-repository.ts';
import { dayRange, daysBetween, localDay } from './box-days.ts';

export interface DashboardDeps {
  registers: RegisterRepository;
  /** The FN forecast's replace_by per register (issue 4 lifecycle); absent: null. */
  fnForecasts?: Pick<FnForecastService, 'forRegister'>;
  registerStates: RegisterStates;
  operations: OperationsRepository;
  settings: SettingsService;
  clock: Clock;
  /** Active alerts per severity (app/alerts/alert-service.ts). */
  alertCounts?: () => { critical: number; warning: number };
}

function utcOfDeviceTime(local: string | undefined, timeZone: string): string | null {
  if (local === undefined) return null;
  try {
    return deviceLocalToUtc(local, timeZone).toISOString();
  } catch {
    return null;
  }
}

export class DashboardView {
  private readonly deps: DashboardDeps;

  constructor(deps: DashboardDeps) {
    this.deps = deps;
  }

  build(): DashboardJson {
    const { operations, clock } = this.deps;
    const now = clock.now();
    const { timezone } = this.deps.settings.read();
    const today = localDay(now, timezone);
    const { start, end } = dayRange(today, timezone);
    const perRegister = new Map(operations.receiptTotals(start, end).map((t) => [t.registerId, t]));
    const counts = operations.unfinishedCounts();
    let count = 0;
    let sumKopecks = 0;
    for (const totals of perRegister.values()) {
      count += totals.count;
      sumKopecks += totals.sumKopecks;
    }
    return {
      generated_at: now.toISOString(),
      timezone,
      registers: this.deps.registers
        .list()
        .map((register) => this.registerLine(register, today, perRegister.get(register.id))),
      queue: { ...counts, oldest_pending_at: operations.oldestPendingAt() },
      receipts_today: { count, sum_kopecks: sumKopecks },
      alerts: this.deps.alertCounts?.() ?? { critical: 0, warning: 0 },
    };
  }

  private registerLine(
    register: RegisterRow,
    today: string,
    totals: ReceiptTotals | undefined,
  ): DashboardRegisterJson {
    const snapshot = this.deps.registerStates.snapshot(register.id);
    const status = snapshot?.statusJson ? (JSON.parse(snapshot.statusJson) as RegistrarStatus) : undefined;
    const line: DashboardRegisterJson = {
      id: register.id,
      name: register.name,
      organization_id: register.organizationId,
      enabled: register.enabled,
      online: snapshot?.online ?? false,
      last_error: snapshot?.lastError ?? null,
      read_at: snapshot?.statusAt ?? null,
      shift_state: null,
      shift_opened_at: null,
      fn_valid_until: null,
      fn_days_left: null,
      fn_fill_percent: null,
      fn_free_documents: null,
      ofd_unsent_count: null,
      ofd_oldest_unsent_at: null,
      paper: null,
      receipts_today: totals?.count ?? 0,
      clock_drift_seconds: snapshot?.clockDriftSeconds ?? null,
      fn_replace_by: null,
    };
    if (!status) return line;
    const shiftOpen = status.shift.state !== 'closed';
    return {
      ...line,
      shift_state: status.shift.state,
      shift_opened_at: shiftOpen
        ? this.deps.operations.shiftOpenedAt(register.id, status.fn.number, status.shift.number)
        : null,
      fn_valid_until: status.fn.validUntil,
      // The FN's validity date is a local date of the device; a day either way does not change a warning.
      fn_days_left: /^\d{4}-\d{2}-\d{2}$/.test(status.fn.validUntil)
        ? daysBetween(today, status.fn.validUntil)
        : null,
      fn_fill_percent: fnFillPercent(status.fn.lastFdNumber, status.fn.freeDocuments),
      fn_free_documents: status.fn.freeDocuments ?? null,
      ofd_unsent_count: status.ofd.unsentCount,
      ofd_oldest_unsent_at: utcOfDeviceTime(status.ofd.oldestUnsentTime, register.timezone),
      paper: status.paper,
      fn_replace_by: this.deps.fnForecasts?.forRegister(register)?.replace_by ?? null,
    };
  }
}
