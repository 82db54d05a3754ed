// Statistics for the charts: receipts per day and register (days in the box time zone) and the FN fill
// history kept by register-status-recorder.ts. Ranges are capped so one request cannot make a Pi walk
// years of receipts.
import { invalidField } from '../http/errors.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { DayTotals, OperationsRepository } from '../storage/operations-repository.ts';
import type {
  RegisterStatusSampleRepository,
  StatusSample,
} from '../storage/register-status-sample-repository.ts';
import { dayRange, dayRanges, daysBetween, isCalendarDay } from './box-days.ts';

export const MAX_RANGE_DAYS = 366;

export interface StatsDeps {
  operations: OperationsRepository;
  samples: RegisterStatusSampleRepository;
  settings: SettingsService;
}

export class StatsService {
  private readonly deps: StatsDeps;

  constructor(deps: StatsDeps) {
    this.deps = deps;
  }

  receiptsPerDay(from: string, to: string): DayTotals[] {
    checkRange(from, to);
    return this.deps.operations.receiptsPerDay(dayRanges(from, to, this.timezone()));
  }

  fnFill(filter: { registerId?: number; from: string; to: string }): StatusSample[] {
    checkRange(filter.from, filter.to);
    const timezone = this.timezone();
    return this.deps.samples.list({
      ...(filter.registerId === undefined ? {} : { registerId: filter.registerId }),
      from: dayRange(filter.from, timezone).start,
      to: dayRange(filter.to, timezone).end,
    });
  }

  private timezone(): string {
    return this.deps.settings.read().timezone;
  }
}

function checkRange(from: string, to: string): void {
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDay(day))
      throw invalidField(`/${name}`, 'must be a calendar day YYYY-MM-DD', 'querystring');
  }
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw invalidField('/to', 'must not be before from', 'querystring');
  if (days > MAX_RANGE_DAYS) {
    throw invalidField(
      '/to',
      `the range covers ${days} days; ask for at most ${MAX_RANGE_DAYS} days at a time`,
      'querystring',
    );
  }
}
