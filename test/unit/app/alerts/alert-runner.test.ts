// When the alert runner evaluates: at start, every 30 s, a second after a burst of register/job/payment
// changes (once per burst), never for other kinds, not after stop; a failing run is logged, not fatal.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlertRunner } from '../../../../app/alerts/alert-runner.ts';
import { AppEvents } from '../../../../app/events/app-events.ts';
import { createLogger } from '../../../../app/logger.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setUp(evaluate: () => void = () => {}) {
  const events = new AppEvents();
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
  let runs = 0;
  const runner = new AlertRunner(
    () => {
      runs++;
      evaluate();
    },
    events,
    logger,
  );
  return { events, runner, lines, runs: () => runs };
}

describe('AlertRunner', () => {
  it('evaluates at start and every 30 s until stopped', () => {
    const { runner, runs } = setUp();
    runner.start();
    expect(runs()).toBe(1);
    vi.advanceTimersByTime(29_999);
    expect(runs()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs()).toBe(2);
    runner.stop();
    vi.advanceTimersByTime(120_000);
    expect(runs()).toBe(2);
  });

  it('evaluates once about a second after a burst of register, job and payment changes', () => {
    const { events, runner, runs } = setUp();
    runner.start();
    events.emit('job');
    events.emit('register');
    events.emit('payment');
    vi.advanceTimersByTime(999);
    expect(runs()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs()).toBe(2);
    // Its own kind and the others do not trigger it (an 'alert' must not loop).
    events.emit('alert');
    events.emit('settings');
    vi.advanceTimersByTime(5_000);
    expect(runs()).toBe(2);
    runner.stop();
    events.emit('job');
    vi.advanceTimersByTime(5_000);
    expect(runs()).toBe(2);
    expect(events.listenerCount).toBe(0);
  });

  it('logs a failed run and keeps running', () => {
    let fail = true;
    const { runner, runs, lines } = setUp(() => {
      if (fail) throw new Error('database is locked');
    });
    runner.start();
    expect(lines.join('')).toContain('alert evaluation failed');
    fail = false;
    vi.advanceTimersByTime(30_000);
    expect(runs()).toBe(2);
  });
});
