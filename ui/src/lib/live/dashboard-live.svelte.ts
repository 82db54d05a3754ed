// The dashboard kept current by the server's event stream (GET /api/v1/events, `event: dashboard`).
// EventSource retries a dropped stream by itself; when it gives up (a 401, a 503 too_many_streams, the
// box restarting) this class asks GET /dashboard once — which also sends an ended session to /login
// through the API client — and reconnects with a growing pause. `status` drives the live indicator.
import type { DashboardJson } from '../api/types.ts';
import { DASHBOARD_EVENTS_URL, getDashboard } from '../services/dashboard.service.ts';

export type LiveStatus = 'connecting' | 'live' | 'disconnected';

const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

export class DashboardLive {
  status: LiveStatus = $state('connecting');
  data: DashboardJson | undefined = $state(undefined);
  error: unknown = $state(undefined);
  /** When the last snapshot arrived (browser clock). */
  receivedAt: Date | undefined = $state(undefined);

  private source: EventSource | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = true;

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = undefined;
  }

  /** A manual refresh (the «Обновить» button): one GET, the stream carries on. */
  async refresh(): Promise<void> {
    try {
      this.accept(await getDashboard());
    } catch (error) {
      this.error = error;
    }
  }

  private connect(): void {
    if (this.stopped) return;
    this.status = this.data ? 'disconnected' : 'connecting';
    const source = new EventSource(DASHBOARD_EVENTS_URL);
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
      this.status = 'live';
    });
    source.addEventListener('dashboard', (event) => {
      this.status = 'live';
      this.accept(JSON.parse((event as MessageEvent<string>).data) as DashboardJson);
    });
    source.addEventListener('error', () => {
      if (this.stopped) return;
      this.status = 'disconnected';
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        void this.recover();
      }
      // CONNECTING: the browser reconnects on its own (the server's `retry` or ~3 s).
    });
  }

  private async recover(): Promise<void> {
    await this.refresh();
    const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
    this.failures++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private accept(dashboard: DashboardJson): void {
    this.data = dashboard;
    this.error = undefined;
    this.receivedAt = new Date();
  }
}
