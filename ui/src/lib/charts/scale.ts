// Pure scale and tick helpers for the SVG charts: numbers in, numbers out, no DOM. The charts stay
// dependency-free (bundle budget), so these few functions replace what a chart library would bring.

/** A linear map from a domain to a range (either may run backwards, e.g. an SVG y axis). */
export interface LinearScale {
  (value: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  // A flat domain (every value equal) maps to the middle of the range instead of dividing by zero.
  const scale = ((value: number) =>
    span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0)) as LinearScale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** The "nice" step (1, 2 or 5 × 10ⁿ) that splits the span into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || count < 1) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Round tick values covering [min, max]: the first tick ≤ min, the last ≥ max, about `count` intervals.
 * Integer data (receipt counts) asks for `integer` so a chart of 0–3 receipts does not show 0.5.
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  if (max < min) [min, max] = [max, min];
  if (max === min) max = min === 0 ? 1 : min + Math.abs(min);
  let step = niceStep(max - min, count);
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  // Rounding to the step's decimals keeps 0.1 + 0.2 from printing as 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  // first + i·step (not a running sum) so the error does not accumulate; the cap only guards bad input.
  for (let i = 0; i <= 1000; i++) {
    const value = Number((first + i * step).toFixed(decimals));
    ticks.push(value);
    if (value >= max) break;
  }
  return ticks;
}

/** Equal bands for categories (days), with inner padding as a share of each band. */
export interface BandScale {
  /** Left edge of the band of the category at `index`. */
  start(index: number): number;
  /** Centre of the band at `index`. */
  centre(index: number): number;
  /** Width of a band without its padding. */
  bandwidth: number;
  /** Band index under a coordinate, clamped to the categories; -1 when there are none. */
  indexAt(position: number): number;
}

export function bandScale(count: number, range: readonly [number, number], padding = 0.2): BandScale {
  const [r0, r1] = range;
  const step = count > 0 ? (r1 - r0) / count : 0;
  const bandwidth = step * (1 - padding);
  const offset = (step - bandwidth) / 2;
  return {
    start: (index) => r0 + index * step + offset,
    centre: (index) => r0 + index * step + step / 2,
    bandwidth,
    indexAt: (position) =>
      count === 0 ? -1 : Math.min(count - 1, Math.max(0, Math.floor((position - r0) / step))),
  };
}

/**
 * Which of `count` category labels to print so that at most `max` fit: every n-th, always the last
 * one (the most recent day is the one people look for).
 */
export function labelIndices(count: number, max: number): number[] {
  if (count <= 0) return [];
  const every = Math.max(1, Math.ceil(count / Math.max(1, max)));
  const indices: number[] = [];
  for (let i = count - 1; i >= 0; i -= every) indices.unshift(i);
  return indices;
}

/** Every calendar day from `from` to `to` inclusive (YYYY-MM-DD, no time zone involved). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(end)) return days;
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Index of the value in a sorted array nearest to `target` (-1 for an empty array). */
export function nearestIndex(sorted: readonly number[], target: number): number {
  if (sorted.length === 0) return -1;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && target - (sorted[lo - 1] as number) <= (sorted[lo] as number) - target) return lo - 1;
  return lo;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TIME_STEPS = [1, 2, 3, 6, 12]
  .map((h) => h * HOUR_MS)
  .concat([1, 2, 7, 14, 28, 56, 91].map((d) => d * DAY_MS));

/**
 * Round instants (ms) for a time axis: the smallest step of hours or days giving at most `count` ticks,
 * aligned to midnight of a zone `offsetMs` east of UTC (the box's wall clock, so a tick says «22.11»).
 */
export function timeTicks(min: number, max: number, count = 6, offsetMs = 0): number[] {
  if (!(max > min)) return Number.isFinite(min) ? [min] : [];
  const step =
    TIME_STEPS.find((s) => (max - min) / s <= count) ?? Math.ceil((max - min) / count / DAY_MS) * DAY_MS;
  const ticks: number[] = [];
  for (let t = Math.ceil((min + offsetMs) / step) * step - offsetMs; t <= max; t += step) ticks.push(t);
  return ticks;
}
