// The device's own clock. A KKT keeps local time (the FN stores DATE_TIME without a zone, FN spec
// «Формат DATE_TIME»); we keep epoch milliseconds internally plus the device's fixed UTC offset, and an
// offset from the host clock so tests can move the device through hours and days without waiting.

const MINUTE_MS = 60_000;

export interface LocalDateTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface DeviceClockOptions {
  /** Device time minus host time, ms. */
  offsetMs?: number;
  /** Local time of the device = UTC + this; default +180 (Moscow). */
  utcOffsetMinutes?: number;
  /** Host clock; tests may pin it. */
  hostNow?: () => number;
}

export class DeviceClock {
  offsetMs: number;
  readonly utcOffsetMinutes: number;
  private readonly hostNow: () => number;
  /** Called after the clock was set or advanced, so the owner can persist the offset. */
  onChange: (() => void) | undefined;

  constructor(options: DeviceClockOptions = {}) {
    this.offsetMs = options.offsetMs ?? 0;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 180;
    this.hostNow = options.hostNow ?? Date.now;
    this.onChange = undefined;
  }

  /** Device time as epoch ms. */
  now(): number {
    return this.hostNow() + this.offsetMs;
  }

  /** Set the device clock to an absolute instant. */
  set(at: Date | number): void {
    this.offsetMs = (typeof at === 'number' ? at : at.getTime()) - this.hostNow();
    this.onChange?.();
  }

  /** Move the device clock forward (or back, with a negative value). */
  advance(ms: number): void {
    this.offsetMs += ms;
    this.onChange?.();
  }

  /** Local calendar fields of an instant, in the device's zone. */
  local(epochMs: number = this.now()): LocalDateTime {
    const shifted = new Date(epochMs + this.utcOffsetMinutes * MINUTE_MS);
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
    };
  }

  /** Epoch ms of a local calendar date-time in the device's zone. */
  fromLocal(local: LocalDateTime): number {
    const utc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
    return utc - this.utcOffsetMinutes * MINUTE_MS;
  }
}

/** `YYYY-MM-DD` of local fields. */
export function formatLocalDate(local: LocalDateTime): string {
  return `${local.year}-${pad2(local.month)}-${pad2(local.day)}`;
}

/** `YYYY-MM-DDTHH:mm` of local fields (the FN keeps minutes). */
export function formatLocalMinute(local: LocalDateTime): string {
  return `${formatLocalDate(local)}T${pad2(local.hour)}:${pad2(local.minute)}`;
}

/** Parses `YYYY-MM-DD` into local fields at midnight; throws on anything else. */
export function parseLocalDate(text: string): LocalDateTime {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`expected a date YYYY-MM-DD, got "${text}"`);
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: 0,
    minute: 0,
    second: 0,
  };
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
