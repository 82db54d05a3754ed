import { describe, expect, it } from 'vitest';
import {
  bandScale,
  daysBetween,
  labelIndices,
  linearScale,
  nearestIndex,
  niceStep,
  niceTicks,
  timeTicks,
} from './scale.ts';

describe('linearScale', () => {
  it('maps the domain onto the range, also backwards as an SVG y axis runs', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
    expect(y(100)).toBe(0);
  });

  it('maps a flat domain to the middle of the range', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });
});

describe('niceStep and niceTicks', () => {
  it('picks steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(0.9, 5)).toBe(0.2);
    expect(niceStep(4000, 4)).toBe(1000);
  });

  it('covers the data: first tick ≤ min, last tick ≥ max', () => {
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(13, 87, 4)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('prints decimals without floating-point noise', () => {
    expect(niceTicks(0, 0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
  });

  it('keeps counts whole when asked for integers', () => {
    expect(niceTicks(0, 2, 5, true)).toEqual([0, 1, 2]);
    expect(niceTicks(0, 2, 5, false)).toContain(0.5);
  });

  it('gives an empty chart an axis 0–1 instead of a single tick', () => {
    expect(niceTicks(0, 0, 5, true)).toEqual([0, 1]);
  });
});

describe('bandScale', () => {
  it('splits the range into equal bands with padding', () => {
    const x = bandScale(4, [0, 400], 0.2);
    expect(x.bandwidth).toBe(80);
    expect(x.start(0)).toBe(10);
    expect(x.start(3)).toBe(310);
    expect(x.centre(1)).toBe(150);
  });

  it('finds the band under a pointer and clamps at the edges', () => {
    const x = bandScale(4, [0, 400]);
    expect(x.indexAt(150)).toBe(1);
    expect(x.indexAt(-20)).toBe(0);
    expect(x.indexAt(999)).toBe(3);
    expect(bandScale(0, [0, 400]).indexAt(10)).toBe(-1);
  });
});

describe('labelIndices', () => {
  it('prints every label when they fit', () => {
    expect(labelIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
  });

  it('thins labels to at most max and always keeps the last', () => {
    const indices = labelIndices(31, 8);
    expect(indices.length).toBeLessThanOrEqual(8);
    expect(indices.at(-1)).toBe(30);
    expect(indices).toEqual([2, 6, 10, 14, 18, 22, 26, 30]);
  });
});

describe('daysBetween', () => {
  it('lists every day inclusive across a month end and a DST date', () => {
    expect(daysBetween('2026-03-28', '2026-04-02')).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
    ]);
    expect(daysBetween('2026-01-05', '2026-01-04')).toEqual([]);
  });
});

describe('nearestIndex', () => {
  it('finds the nearest value in a sorted array', () => {
    const xs = [0, 10, 20, 40];
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, 31)).toBe(3);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});

describe('timeTicks', () => {
  const H = 3_600_000;
  const D = 24 * H;
  const start = Date.parse('2026-11-01T00:00:00Z');

  it('picks day steps aligned to midnight of the zone', () => {
    const moscow = 3 * H;
    const ticks = timeTicks(start, start + 10 * D, 6, moscow);
    expect(ticks.map((t) => new Date(t + moscow).toISOString().slice(11, 16))).toEqual(
      ticks.map(() => '00:00'),
    );
    expect(ticks[1]! - ticks[0]!).toBe(2 * D);
    expect(ticks.length).toBeLessThanOrEqual(6);
  });

  it('falls back to hours within one day and stays inside the span', () => {
    const ticks = timeTicks(start + 30 * 60_000, start + 9 * H, 6);
    expect(ticks[1]! - ticks[0]!).toBe(2 * H);
    expect(ticks[0]).toBe(start + 2 * H);
    expect(ticks.at(-1)).toBeLessThanOrEqual(start + 9 * H);
  });

  it('gives a single point one tick', () => {
    expect(timeTicks(start, start)).toEqual([start]);
  });
});
