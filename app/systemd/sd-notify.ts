// sd_notify without a native addon (issue 6 "Service"). systemd's notify protocol is one datagram of
// newline-separated VAR=VALUE assignments to the AF_UNIX socket in $NOTIFY_SOCKET
// (https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html). Node's dgram cannot open an
// AF_UNIX datagram socket and the npm modules that can are native (appliance.md §3.2), so the datagram
// is sent by `systemd-notify`, which any systemd system has; the unit sets NotifyAccess=all because the
// sender is our child. systemd-notify 252 waits on a barrier until PID 1 has read the message, so the
// message is attributed to the unit even though systemd-notify exits at once.
//
// Without NOTIFY_SOCKET (make run, the tests, a box started by hand) every call is a no-op. A failure
// is logged and never thrown: telling systemd is a courtesy that must not take payments down with it.
import { execFile } from 'node:child_process';
import type { Logger } from '../logger.ts';

export interface SdNotifyOptions {
  /** The environment of the process: NOTIFY_SOCKET decides whether anything is sent. */
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Pick<Logger, 'warn' | 'debug'>;
  /** The program that sends the datagram; tests may point it elsewhere. */
  command?: string;
  /** systemd-notify waits for PID 1 to read the message; a hung manager must not hang us. */
  timeoutMs?: number;
}

export const SD_NOTIFY_TIMEOUT_MS = 5_000;

/** One sender, one message at a time, in the order asked (see send()). */
export class SdNotify {
  readonly enabled: boolean;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly logger: Pick<Logger, 'warn' | 'debug'> | undefined;
  private readonly command: string;
  private readonly timeoutMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private failures = 0;

  constructor(options: SdNotifyOptions = {}) {
    this.env = options.env ?? process.env;
    this.enabled = Boolean(this.env.NOTIFY_SOCKET);
    this.logger = options.logger;
    this.command = options.command ?? 'systemd-notify';
    this.timeoutMs = options.timeoutMs ?? SD_NOTIFY_TIMEOUT_MS;
  }

  /**
   * Sends the assignments (e.g. 'READY=1', 'STATUS=serving') in one datagram. Each message waits for the
   * one before it: separate systemd-notify processes could otherwise overtake each other and leave an
   * old STATUS= showing. Resolves true when systemd-notify succeeded, false otherwise; never rejects.
   */
  send(...assignments: string[]): Promise<boolean> {
    if (!this.enabled || assignments.length === 0) return Promise.resolve(false);
    const sent = this.queue.then(() => this.run(assignments.map(oneLine)));
    this.queue = sent;
    return sent;
  }

  /** Resolves once every message asked for so far has been sent or has failed. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private run(assignments: string[]): Promise<boolean> {
    return new Promise((resolve) => {
      try {
        execFile(
          this.command,
          assignments,
          { env: { ...this.env }, timeout: this.timeoutMs, windowsHide: true },
          (error, _stdout, stderr) => {
            if (error) this.failed(assignments, `${error.message} ${stderr}`.trim());
            resolve(!error);
          },
        );
      } catch (error) {
        // execFile throws synchronously only for bad arguments; still never into the app.
        this.failed(assignments, error instanceof Error ? error.message : String(error));
        resolve(false);
      }
    });
  }

  private failed(assignments: string[], reason: string): void {
    this.failures++;
    // The watchdog sends every 15 s: the first failure is a warning, the rest would only flood the journal.
    const log = this.failures === 1 ? this.logger?.warn : this.logger?.debug;
    log?.call(
      this.logger,
      { variables: assignments.map((a) => a.split('=')[0]), reason },
      'could not notify systemd',
    );
  }
}

/** A STATUS= text with a newline would start a new assignment in the datagram. */
function oneLine(assignment: string): string {
  return assignment.replace(/\s*[\r\n]+\s*/g, ' ');
}
