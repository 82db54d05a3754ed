// What the daemon tells systemd about its life (the unit is Type=notify, systemd/kassabox.service):
// STATUS= lines while it starts and stops, READY=1 once migrations, the journal check and listen have
// all succeeded, WATCHDOG=1 from a timer while it runs, STOPPING=1 first thing in stop. The timer runs
// on the event loop, so a loop blocked for WatchdogSec stops the pings and systemd restarts the box.
import type { Logger } from '../logger.ts';
import { SdNotify } from './sd-notify.ts';

/** The part server.ts sees: it reports progress and says when it stops, without knowing about systemd. */
export interface ServiceProgress {
  /** A short line on what the box is doing now (systemctl status shows it). */
  status(text: string): void;
  /** The stop has begun: no new work is taken. Also ends the watchdog pings. */
  stopping(): void;
}

export class ServiceNotifier implements ServiceProgress {
  private readonly sd: SdNotify;
  private readonly watchdogMs: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private pinging = false;
  private stopped = false;

  constructor(options: { env?: Readonly<Record<string, string | undefined>>; logger?: Logger } = {}) {
    const env = options.env ?? process.env;
    this.sd = new SdNotify({ env, logger: options.logger });
    this.watchdogMs = watchdogIntervalMs(env, process.pid);
  }

  /** False when not started by systemd's notify protocol: then every method does nothing. */
  get enabled(): boolean {
    return this.sd.enabled;
  }

  status(text: string): void {
    void this.sd.send(`STATUS=${text}`);
  }

  /** Everything started: READY=1 with the status line, then the watchdog pings. */
  async ready(status: string): Promise<boolean> {
    if (this.stopped) return false;
    const sent = await this.sd.send('READY=1', `STATUS=${status}`);
    if (!this.stopped) this.startWatchdog();
    return sent;
  }

  stopping(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    void this.sd.send('STOPPING=1', 'STATUS=Stopping: no new payments');
  }

  /** A start that failed: the reason stays visible in `systemctl status` after the process exits. */
  async failed(reason: string): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    await this.sd.send(`STATUS=Failed to start: ${reason}`);
  }

  /** Resolves once every message asked for has gone (bounded by systemd-notify's timeout). */
  idle(): Promise<void> {
    return this.sd.idle();
  }

  private startWatchdog(): void {
    if (this.watchdogMs === undefined || this.watchdog) return;
    this.watchdog = setInterval(() => {
      // A ping still on its way (systemd-notify slow) is enough; queueing more would only pile up.
      if (this.pinging) return;
      this.pinging = true;
      void this.sd.send('WATCHDOG=1').finally(() => {
        this.pinging = false;
      });
    }, this.watchdogMs);
    // The pings must never be what keeps a stopping process alive.
    this.watchdog.unref();
  }
}

/**
 * Half of WatchdogSec, as sd_watchdog_enabled(3) advises: systemd sets WATCHDOG_USEC (and WATCHDOG_PID,
 * which must be ours) when the unit has WatchdogSec=. Undefined when no watchdog is asked for.
 */
export function watchdogIntervalMs(
  env: Readonly<Record<string, string | undefined>>,
  pid: number,
): number | undefined {
  const usec = env.WATCHDOG_USEC?.trim();
  if (!usec || !/^\d+$/.test(usec) || Number(usec) === 0) return undefined;
  const forPid = env.WATCHDOG_PID?.trim();
  if (forPid && Number(forPid) !== pid) return undefined;
  return Math.max(1, Math.floor(Number(usec) / 2_000));
}
