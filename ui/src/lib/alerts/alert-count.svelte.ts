// The number of active alerts for the menu badge: asked when the menu appears, every 30 s while the tab
// is visible, and at once after the alerts page changed something (refresh()). One small GET instead of
// a second event stream: the server caps streams per session and the dashboard holds one already.
import { listAlerts } from '../services/alerts.service.ts';
import { type AlertCounts, countBySeverity } from './alert-labels.ts';

const POLL_MS = 30_000;

class AlertCount {
  counts: AlertCounts | undefined = $state(undefined);
  private timer: ReturnType<typeof setInterval> | undefined;
  private users = 0;

  get total(): number {
    return this.counts ? this.counts.critical + this.counts.warning : 0;
  }

  /** Starts polling; the returned function stops it (the last user stops the timer). */
  watch(): () => void {
    this.users++;
    if (this.users === 1) {
      void this.refresh();
      this.timer = setInterval(() => {
        if (document.visibilityState === 'visible') void this.refresh();
      }, POLL_MS);
    }
    return () => {
      this.users--;
      if (this.users === 0) clearInterval(this.timer);
    };
  }

  async refresh(): Promise<void> {
    try {
      this.counts = countBySeverity((await listAlerts({ state: 'active', limit: 500 })).items);
    } catch {
      // The badge is a hint; a failed poll keeps the last count (the alerts page shows errors itself).
    }
  }

  /** The page already has the active list: no second request. */
  accept(counts: AlertCounts): void {
    this.counts = counts;
  }
}

export const alertCount = new AlertCount();
