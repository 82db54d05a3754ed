// SNMPv2c notifications on alert changes (issue 4 "SNMP"): kbAlertRaised when an alert is raised or its
// severity rises to critical, kbAlertCleared when its condition ends, to every KASSABOX_SNMP_TRAP_TARGETS
// manager. A trap is fire-and-forget; an inform is acknowledged by the manager and retried by net-snmp,
// and a failure is logged (the alert itself stays visible in the UI, the alert table and /metrics).
import snmp from 'net-snmp';
import type { Alert, AlertEvent, AlertFeed, AlertSeverity } from '../alerts/alert-types.ts';
import type { Logger } from '../logger.ts';
import { NOTIFICATIONS, notificationVarbinds } from './kassabox-mib.ts';
import type { SnmpSettings, TrapTarget } from './snmp-config.ts';
import { alertRow } from './snmp-figures.ts';

/** Used for traps when only a v3 user is configured: the managers' usual default. */
export const DEFAULT_TRAP_COMMUNITY = 'public';

export interface TrapSenderOptions {
  settings: SnmpSettings;
  alerts: AlertFeed;
  logger: Logger;
  /** sysUpTime.0 of each notification, hundredths of a second. */
  uptimeTicks: () => number;
  /** net-snmp's createSession by default; tests hand in a recorder. */
  createSession?: (host: string, community: string, options: object) => NotificationSession;
}

/** The part of a net-snmp Session the sender uses. */
export interface NotificationSession {
  trap(oid: string, varbinds: object[], options: object, done: (error: unknown) => void): void;
  inform(oid: string, varbinds: object[], options: object, done: (error: unknown) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  close(): void;
}

interface Target {
  target: TrapTarget;
  session: NotificationSession;
}

export class SnmpTrapSender {
  private readonly options: TrapSenderOptions;
  private targets: Target[] = [];
  private unsubscribe: (() => void) | undefined;
  /** Severity last announced per alert id, so a warning → critical step is announced once. */
  private readonly announced = new Map<number, AlertSeverity>();

  constructor(options: TrapSenderOptions) {
    this.options = options;
  }

  start(): void {
    const { settings, alerts } = this.options;
    if (this.unsubscribe || settings.trapTargets.length === 0) return;
    const community = settings.community ?? DEFAULT_TRAP_COMMUNITY;
    const createSession = this.options.createSession ?? snmp.createSession;
    this.targets = settings.trapTargets.map((target) => ({
      target,
      session: createSession(target.host, community, {
        version: snmp.Version2c,
        trapPort: target.port,
        retries: 2,
        timeout: 2_000,
      }),
    }));
    for (const target of this.targets) {
      // A closed or unreachable manager must not crash the box: socket errors are logged only.
      target.session.on('error', (error: unknown) => this.failed(target.target, error));
    }
    for (const alert of alerts.active()) this.announced.set(alert.id, alert.severity);
    this.unsubscribe = alerts.subscribe((event) => this.onEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const { session } of this.targets.splice(0)) session.close();
    this.announced.clear();
  }

  private onEvent(event: AlertEvent): void {
    const { alert } = event;
    if (event.kind === 'raised') {
      this.announced.set(alert.id, alert.severity);
      this.send('kbAlertRaised', alert);
    } else if (event.kind === 'updated') {
      const before = this.announced.get(alert.id);
      this.announced.set(alert.id, alert.severity);
      if (before === 'warning' && alert.severity === 'critical') this.send('kbAlertRaised', alert);
    } else if (event.kind === 'cleared') {
      this.announced.delete(alert.id);
      this.send('kbAlertCleared', alert);
    }
  }

  private send(notification: keyof typeof NOTIFICATIONS, alert: Alert): void {
    const base = this.options.settings.enterpriseOid;
    const oid = `${base}.0.${NOTIFICATIONS[notification]}`;
    const varbinds = notificationVarbinds(base, alertRow(alert));
    const upTime = this.options.uptimeTicks();
    for (const { target, session } of this.targets) {
      const done = (error: unknown) => {
        if (error) this.failed(target, error);
      };
      try {
        if (target.kind === 'inform') session.inform(oid, varbinds, { upTime }, done);
        else session.trap(oid, varbinds, { upTime }, done);
      } catch (error) {
        this.failed(target, error);
      }
    }
  }

  private failed(target: TrapTarget, error: unknown): void {
    this.options.logger.warn(
      { err: error, target: `${target.host}:${target.port}`, kind: target.kind },
      'an SNMP notification could not be delivered',
    );
  }
}
