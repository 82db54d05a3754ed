// Configuration comes from the environment only (issue 2, "Repository and set-up"), so automation and
// the systemd unit set the same variables. loadConfig is pure: it reads the object it is given and
// reports every problem at once, so an operator fixes the unit file in one pass.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSnmpSettings, type SnmpSettings } from './snmp/snmp-config.ts';
import { type HttpsSettings, parseHttpsSettings } from './tls-config.ts';
import { parseUpdateSettings, type UpdateSettings } from './update/update-config.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The shortest KASSABOX_ADMIN_PASSWORD accepted: the first admin can reach every register. */
export const MIN_ADMIN_PASSWORD_LENGTH = 8;

/** The port a real PAYONLINE-01-ФА listens on, so the embedded simulator is added like a real device. */
export const DEFAULT_SIMULATOR_PORT = 7778;

export interface Config extends HttpsSettings {
  /** Directory of the database, the TLS certificate and backups. */
  dataDir: string;
  /** The SQLite file inside dataDir. */
  databaseFile: string;
  port: number;
  host: string;
  /** Password of the first admin, used only when no user exists yet (else POST /setup). Never logged. */
  adminPassword: string | undefined;
  logLevel: LogLevel;
  /**
   * 'embedded' runs a simulated PAYONLINE-01-ФА inside the server on 127.0.0.1 and sets up a demo
   * organization and API source (the `make run` default; the register is added in the web UI); 'off'
   * on a real box.
   */
  simulator: 'embedded' | 'off';
  /** Port of the embedded simulator, 7778 by default; 0 picks a free one (tests, benchmarks). */
  simulatorPort: number;
  /** The built web UI (ui/build, made by `make ui`), served at `/`. */
  uiDir: string;
  /** The SNMP agent (KASSABOX_SNMP_*, app/snmp/snmp-config.ts); undefined = off. */
  snmp?: SnmpSettings | undefined;
  /** Signed update bundles (KASSABOX_UPDATE_KEYS_DIR, KASSABOX_RELEASES_DIR; docs/updates.md). */
  update: UpdateSettings;
}

/** Where `make ui` writes the web UI: ui/build of this checkout, found from this file's own place. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../ui/build', import.meta.url));

export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`KassaBox cannot start, the configuration is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(env: Environment): Config {
  const problems: string[] = [];

  // systemd's StateDirectory= exports STATE_DIRECTORY: on the box the data lives there by default.
  const dataDir = nonEmpty(env.KASSABOX_DATA_DIR) ?? nonEmpty(env.STATE_DIRECTORY) ?? './var';

  const port = parsePort(env.KASSABOX_PORT, problems);

  // On the box (NODE_ENV=production, set by the unit) the API must be reachable from the LAN; a
  // developer's machine keeps it private by default.
  const defaultHost = env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1';
  const host = nonEmpty(env.KASSABOX_HOST) ?? defaultHost;
  if (/\s/.test(host)) problems.push(`KASSABOX_HOST must be a host name or an IP address (got "${host}")`);

  const adminPassword = env.KASSABOX_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword.length < MIN_ADMIN_PASSWORD_LENGTH) {
    // The value itself is never echoed: it is a secret even when it is too short.
    problems.push(
      `KASSABOX_ADMIN_PASSWORD must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters long ` +
        '(or unset it: the first visitor then sets the admin password in the browser)',
    );
  }

  const logLevel = parseLogLevel(env.KASSABOX_LOG_LEVEL, problems);

  const simulatorValue = nonEmpty(env.KASSABOX_SIMULATOR)?.toLowerCase() ?? 'off';
  if (simulatorValue !== 'embedded' && simulatorValue !== 'off') {
    problems.push(`KASSABOX_SIMULATOR must be embedded or off (got "${simulatorValue}")`);
  }
  const simulatorPort = parsePort(
    env.KASSABOX_SIMULATOR_PORT,
    problems,
    'KASSABOX_SIMULATOR_PORT',
    DEFAULT_SIMULATOR_PORT,
  );

  const https = parseHttpsSettings(env, port, problems);
  const snmp = parseSnmpSettings(env, problems);

  // Absolute, because the static file server refuses a relative root.
  const uiDir = resolve(nonEmpty(env.KASSABOX_UI_DIR) ?? DEFAULT_UI_DIR);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dataDir,
    databaseFile: join(dataDir, 'kassabox.sqlite'),
    port,
    host,
    adminPassword,
    logLevel,
    simulator: simulatorValue === 'embedded' ? 'embedded' : 'off',
    simulatorPort,
    uiDir,
    snmp,
    update: parseUpdateSettings(env),
    ...https,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function parsePort(
  raw: string | undefined,
  problems: string[],
  name = 'KASSABOX_PORT',
  fallback = 8080,
): number {
  const value = nonEmpty(raw);
  if (value === undefined) return fallback;
  const port = Number(value);
  // Port 0 lets the OS choose: tests and benchmarks start the server that way.
  if (!/^\d+$/.test(value) || port > 65535) {
    problems.push(`${name} must be an integer from 0 to 65535 (got "${value}")`);
    return fallback;
  }
  return port;
}

function parseLogLevel(raw: string | undefined, problems: string[]): LogLevel {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  problems.push(`KASSABOX_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${value}")`);
  return 'info';
}
