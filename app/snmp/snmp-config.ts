// SNMP agent settings (issue 4 "SNMP"), read by loadConfig (config.ts) from KASSABOX_SNMP_*. The agent is
// off unless KASSABOX_SNMP_PORT is set; once it is on, at least one way in (a v2c community or a v3
// user) must be configured, else the agent would answer nobody and the operator would not know why.
// Problems go onto the caller's list so every mistake in the unit file is reported at once; the
// community and the keys are secrets and are never echoed.
import type { Environment } from '../config.ts';

/**
 * The module's place when no registered number is configured: enterprises.32473, the Private Enterprise
 * Number RFC 5612 reserves for documentation. Production should use the provider's own PEN.
 */
export const PLACEHOLDER_ENTERPRISE_OID = '1.3.6.1.4.1.32473';

/** SNMP's shortest pass phrase (RFC 3414 §11.2): net-snmp tools refuse shorter ones too. */
export const MIN_SNMP_KEY_LENGTH = 8;

export interface SnmpV3User {
  name: string;
  /** SHA authentication and AES privacy pass phrases. Never logged. */
  authKey: string;
  privKey: string;
}

export interface TrapTarget {
  host: string;
  port: number;
  /** An inform is acknowledged and retried by the sender; a trap is sent once. */
  kind: 'trap' | 'inform';
}

export interface SnmpSettings {
  port: number;
  /** v2c read-only community; undefined = v2c (and v1) requests are not answered. */
  community: string | undefined;
  v3User: SnmpV3User | undefined;
  /** The KASSABOX-MIB module's OID (docs/KASSABOX-MIB.txt): everything the agent serves is below it. */
  enterpriseOid: string;
  trapTargets: TrapTarget[];
}

export function parseSnmpSettings(env: Environment, problems: string[]): SnmpSettings | undefined {
  const portValue = env.KASSABOX_SNMP_PORT?.trim();
  if (!portValue) return undefined;
  const port = Number(portValue);
  if (!/^\d+$/.test(portValue) || port < 1 || port > 65535) {
    problems.push(`KASSABOX_SNMP_PORT must be an integer from 1 to 65535 (got "${portValue}")`);
  }

  const community = env.KASSABOX_SNMP_COMMUNITY?.trim() || undefined;
  const v3User = parseV3User(env, problems);
  if (community === undefined && v3User === undefined) {
    problems.push(
      'KASSABOX_SNMP_PORT is set, but neither KASSABOX_SNMP_COMMUNITY nor KASSABOX_SNMP_V3_USER is: ' +
        'the agent would answer nobody',
    );
  }

  const enterpriseOid = env.KASSABOX_SNMP_ENTERPRISE_OID?.trim() || PLACEHOLDER_ENTERPRISE_OID;
  if (!/^1\.3\.6\.1\.4\.1(\.\d+)+$/.test(enterpriseOid)) {
    problems.push(
      `KASSABOX_SNMP_ENTERPRISE_OID must be a numeric OID under 1.3.6.1.4.1 (got "${enterpriseOid}")`,
    );
  }

  return {
    port,
    community,
    v3User,
    enterpriseOid,
    trapTargets: parseTrapTargets(env.KASSABOX_SNMP_TRAP_TARGETS, problems),
  };
}

function parseV3User(env: Environment, problems: string[]): SnmpV3User | undefined {
  const name = env.KASSABOX_SNMP_V3_USER?.trim() || undefined;
  const authKey = env.KASSABOX_SNMP_V3_AUTH_KEY ?? '';
  const privKey = env.KASSABOX_SNMP_V3_PRIV_KEY ?? '';
  if (name === undefined) {
    if (authKey || privKey)
      problems.push('KASSABOX_SNMP_V3_AUTH_KEY/_PRIV_KEY are set without KASSABOX_SNMP_V3_USER');
    return undefined;
  }
  for (const [variable, key] of [
    ['KASSABOX_SNMP_V3_AUTH_KEY', authKey],
    ['KASSABOX_SNMP_V3_PRIV_KEY', privKey],
  ] as const) {
    if (key.length < MIN_SNMP_KEY_LENGTH) {
      problems.push(
        `${variable} must be at least ${MIN_SNMP_KEY_LENGTH} characters long (the v3 user is authPriv: SHA + AES)`,
      );
    }
  }
  return { name, authKey, privKey };
}

/** `host:port` items separated by commas or spaces; `inform:host:port` asks for informs. */
export function parseTrapTargets(raw: string | undefined, problems: string[]): TrapTarget[] {
  const targets: TrapTarget[] = [];
  for (const item of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    const match = /^(?:(trap|inform):)?([A-Za-z0-9.-]+):(\d{1,5})$/.exec(item);
    const port = Number(match?.[3]);
    if (!match?.[2] || port < 1 || port > 65535) {
      problems.push(`KASSABOX_SNMP_TRAP_TARGETS items must be host:port or inform:host:port (got "${item}")`);
      continue;
    }
    targets.push({ host: match[2], port, kind: match[1] === 'inform' ? 'inform' : 'trap' });
  }
  return targets;
}
