// `deps.fnForecasts`: the FN forecast of each register from its stored status and the documents of the
// last 30 days. The dashboard is rebuilt on every job step, so the 30-day counts (a scan of a month of
// receipts) are cached for a few minutes: a rate over 30 days does not move within minutes, while the
// free documents and the validity date come fresh from the stored status each time.
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { Clock } from '../clock.ts';
import { localDay } from '../operations/box-days.ts';
import type { RegisterStates } from '../pipeline/worker-context.ts';
import type { FnUsage, FnUsageRepository } from '../storage/fn-usage-repository.ts';
import type { RegisterRepository, RegisterRow } from '../storage/register-repository.ts';
import { type FnForecast, fnForecast } from './fn-forecast.ts';

const DAY_MS = 86_400_000;
export const FORECAST_WINDOW_DAYS = 30;
const USAGE_CACHE_MS = 5 * 60_000;

export interface FnForecastDeps {
  registers: RegisterRepository;
  registerStates: RegisterStates;
  usage: FnUsageRepository;
  clock: Clock;
}

export class FnForecastService {
  private readonly deps: FnForecastDeps;
  private cached: { at: number; byRegister: Map<number, FnUsage> } | undefined;

  constructor(deps: FnForecastDeps) {
    this.deps = deps;
  }

  /** The forecast of one register; null when it is unknown or has never been read. */
  of(registerId: number): FnForecast | null {
    const register = this.deps.registers.getById(registerId);
    return register ? this.forRegister(register) : null;
  }

  forRegister(register: RegisterRow): FnForecast | null {
    const snapshot = this.deps.registerStates.snapshot(register.id);
    if (!snapshot?.statusJson) return null;
    const status = JSON.parse(snapshot.statusJson) as RegistrarStatus;
    const now = this.deps.clock.now();
    const windowStart = Math.max(
      now.getTime() - FORECAST_WINDOW_DAYS * DAY_MS,
      Date.parse(register.createdAt),
    );
    const usage = this.usage(now).get(register.id);
    return fnForecast({
      today: localDay(now, register.timezone),
      receipts: usage?.receipts ?? 0,
      shiftDocuments: usage?.shiftDocuments ?? 0,
      // A register added a week ago is judged on its week, not diluted over 30 days.
      windowDays: Math.max(1, (now.getTime() - windowStart) / DAY_MS),
      freeDocuments: status.fn.freeDocuments ?? null,
      validUntil: status.fn.validUntil ?? null,
    });
  }

  private usage(now: Date): Map<number, FnUsage> {
    if (this.cached && Math.abs(now.getTime() - this.cached.at) < USAGE_CACHE_MS) {
      return this.cached.byRegister;
    }
    const since = new Date(now.getTime() - FORECAST_WINDOW_DAYS * DAY_MS).toISOString();
    const byRegister = new Map(this.deps.usage.documentsSince(since).map((u) => [u.registerId, u]));
    this.cached = { at: now.getTime(), byRegister };
    return byRegister;
  }
}
