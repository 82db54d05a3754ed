// Time is a dependency (deps.clock) so tests can move it: session expiry and login lockout depend on it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
