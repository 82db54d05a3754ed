// Failed logins per client address (issue 3 "Access"). The account lockout stops guessing one
// account's password; it cannot stop one client from trying many usernames (or PINs of many
// cashiers). After MAX_FAILURES failed logins from one IP within WINDOW_MS, that IP gets 429
// too_many_attempts until its window ends, whatever username it tries. The counts live in memory: a
// restart forgets them, which is acceptable for a box that restarts rarely and locks accounts anyway.
import type { Clock } from '../clock.ts';
import { ApiError } from '../http/errors.ts';

export const MAX_FAILURES_PER_IP = 20;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
// Bounds the memory an attacker with many addresses can make the box hold.
const MAX_TRACKED_ADDRESSES = 10_000;

interface Window {
  startedAt: number;
  failures: number;
}

export class LoginThrottle {
  private readonly clock: Clock;
  private readonly windows = new Map<string, Window>();

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Throws 429 too_many_attempts while the address has used up its failures. */
  assertAllowed(ip: string | null): void {
    const window = this.current(ip);
    if (window === undefined || window.failures < MAX_FAILURES_PER_IP) return;
    const seconds = Math.ceil((window.startedAt + THROTTLE_WINDOW_MS - this.clock.now().getTime()) / 1000);
    throw new ApiError(
      'too_many_attempts',
      'Too many failed logins from this address; try again later.',
      undefined,
      { 'retry-after': String(Math.max(1, seconds)) },
    );
  }

  recordFailure(ip: string | null): void {
    const window = this.current(ip);
    if (window !== undefined) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) this.forgetExpired();
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) return;
    this.windows.set(ip ?? '', { startedAt: this.clock.now().getTime(), failures: 1 });
  }

  private current(ip: string | null): Window | undefined {
    const window = this.windows.get(ip ?? '');
    if (window === undefined) return undefined;
    if (this.clock.now().getTime() - window.startedAt >= THROTTLE_WINDOW_MS) {
      this.windows.delete(ip ?? '');
      return undefined;
    }
    return window;
  }

  private forgetExpired(): void {
    const now = this.clock.now().getTime();
    for (const [ip, window] of this.windows) {
      if (now - window.startedAt >= THROTTLE_WINDOW_MS) this.windows.delete(ip);
    }
  }
}
