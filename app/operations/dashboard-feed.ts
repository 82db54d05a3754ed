// Pushes the dashboard to the open GET /events streams. Changes arrive on the app's change bus in
// bursts (a receipt moves a job three times and reads a status); the feed waits `intervalMs` after the
// first change of a burst, builds the dashboard once and hands the same object to every stream, so the
// cost does not grow with viewers and a busy queue yields at most one update per interval.
import type { AppEvents } from '../events/app-events.ts';
import type { DashboardJson } from '../http/schemas/operations.ts';

export type DashboardSink = (dashboard: DashboardJson) => void;

export interface DashboardFeedOptions {
  intervalMs?: number;
  maxStreams?: number;
  /** How often an open stream sends a comment line to keep idle connections open. */
  pingMs?: number;
  /** Where a failed build is reported (the streams then wait for the next change). */
  onError?: (error: unknown) => void;
}

export class DashboardFeed {
  private readonly events: AppEvents;
  private readonly build: () => DashboardJson;
  private readonly intervalMs: number;
  private readonly onError: (error: unknown) => void;
  readonly maxStreams: number;
  readonly pingMs: number;
  private readonly sinks = new Set<DashboardSink>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(events: AppEvents, build: () => DashboardJson, options: DashboardFeedOptions = {}) {
    this.events = events;
    this.build = build;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.maxStreams = options.maxStreams ?? 20;
    this.pingMs = options.pingMs ?? 20_000;
    this.onError = options.onError ?? (() => {});
  }

  get streams(): number {
    return this.sinks.size;
  }

  /** Adds a stream and returns its detach function, or undefined when maxStreams are already open. */
  attach(sink: DashboardSink): (() => void) | undefined {
    if (this.sinks.size >= this.maxStreams) return undefined;
    this.sinks.add(sink);
    this.unsubscribe ??= this.events.subscribe(() => this.changed());
    return () => this.detach(sink);
  }

  private detach(sink: DashboardSink): void {
    this.sinks.delete(sink);
    if (this.sinks.size > 0) return;
    // Nobody watches: stop listening and building.
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.push();
    }, this.intervalMs);
  }

  private push(): void {
    if (this.sinks.size === 0) return;
    let dashboard: DashboardJson;
    try {
      dashboard = this.build();
    } catch (error) {
      this.onError(error);
      return;
    }
    for (const sink of this.sinks) sink(dashboard);
  }
}
