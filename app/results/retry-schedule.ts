// When a result delivery is tried again: soon at first (a receiver restarting), then rarely, and given
// up after a day of trying (a person can still retry it by hand).
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The wait after the 1st, 2nd, … failed attempt; every later one waits the last. */
export const RETRY_DELAYS_MS: readonly number[] = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR];
/** Attempts stop once the waits so far would pass this. */
export const GIVE_UP_AFTER_MS = 24 * HOUR;

/** The wait after `attemptsMade` failed attempts, or undefined when it is time to give up. */
export function retryDelayMs(attemptsMade: number): number | undefined {
  let waited = 0;
  let delay = 0;
  for (let attempt = 1; attempt <= attemptsMade; attempt++) {
    delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1]!;
    waited += delay;
  }
  return waited > GIVE_UP_AFTER_MS ? undefined : delay;
}
