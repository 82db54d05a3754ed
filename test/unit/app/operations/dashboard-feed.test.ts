import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppEvents } from '../../../../app/events/app-events.ts';
import type { DashboardJson } from '../../../../app/http/schemas/operations.ts';
import { DashboardFeed } from '../../../../app/operations/dashboard-feed.ts';

function dashboardNumber(n: number): DashboardJson {
  return {
    generated_at: new Date(n).toISOString(),
    timezone: 'Europe/Moscow',
    registers: [],
    queue: { pending: n, sending: 0, outcome_unknown: 0, failed: 0, oldest_pending_at: null },
    receipts_today: { count: 0, sum_kopecks: 0 },
    alerts: { critical: 0, warning: 0 },
  };
}

describe('the dashboard feed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp(options: { maxStreams?: number } = {}) {
    const events = new AppEvents();
    let builds = 0;
    const feed = new DashboardFeed(events, () => dashboardNumber(++builds), {
      intervalMs: 1_000,
      ...options,
    });
    return { events, feed, builds: () => builds };
  }

  it('builds once per burst of changes, a second after its first change, for every stream', () => {
    const { events, feed, builds } = setUp();
    const a: number[] = [];
    const b: number[] = [];
    feed.attach((d) => a.push(d.queue.pending));
    feed.attach((d) => b.push(d.queue.pending));
    events.emit('job');
    events.emit('register');
    vi.advanceTimersByTime(999);
    expect(builds()).toBe(0);
    events.emit('job');
    vi.advanceTimersByTime(1);
    expect(builds()).toBe(1);
    expect(a).toEqual([1]);
    expect(b).toEqual([1]);
    vi.advanceTimersByTime(5_000);
    expect(builds(), 'nothing changed since').toBe(1);
  });

  it('keeps pushing at most once an interval while changes keep coming', () => {
    const { events, feed } = setUp();
    const seen: number[] = [];
    feed.attach((d) => seen.push(d.queue.pending));
    for (let ms = 0; ms < 3_500; ms += 100) {
      events.emit('job');
      vi.advanceTimersByTime(100);
    }
    expect(seen).toEqual([1, 2, 3]);
  });

  it('refuses a stream beyond the cap and stops listening when the last one leaves', () => {
    const { events, feed, builds } = setUp({ maxStreams: 2 });
    const first = feed.attach(() => {});
    const second = feed.attach(() => {});
    expect(feed.attach(() => {})).toBeUndefined();
    expect(events.listenerCount).toBe(1);
    first?.();
    expect(
      feed.attach(() => {}),
      'a freed place can be taken',
    ).toBeTypeOf('function');
    second?.();
    expect(feed.streams).toBe(1);
    events.emit('job');
    vi.advanceTimersByTime(1_000);
    expect(builds()).toBe(1);
  });

  it('builds nothing when nobody watches, and forgets a change pending when the last stream left', () => {
    const { events, feed, builds } = setUp();
    events.emit('job');
    vi.advanceTimersByTime(2_000);
    expect(builds()).toBe(0);
    const detach = feed.attach(() => {});
    events.emit('job');
    detach?.();
    vi.advanceTimersByTime(2_000);
    expect(builds()).toBe(0);
    expect(events.listenerCount).toBe(0);
  });

  it('reports a failed build and goes on with the next change', () => {
    const events = new AppEvents();
    const errors: unknown[] = [];
    let fail = true;
    const feed = new DashboardFeed(
      events,
      () => {
        if (fail) throw new Error('database is closed');
        return dashboardNumber(7);
      },
      { intervalMs: 10, onError: (e) => errors.push(e) },
    );
    const seen: number[] = [];
    feed.attach((d) => seen.push(d.queue.pending));
    events.emit('job');
    vi.advanceTimersByTime(10);
    expect(errors).toHaveLength(1);
    fail = false;
    events.emit('job');
    vi.advanceTimersByTime(10);
    expect(seen).toEqual([7]);
  });
});
