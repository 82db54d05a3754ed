// KASSABOX_SNMP_* (app/snmp/snmp-config.ts through loadConfig): off unless the port is set, a way in is
// required, v3 keys long enough, trap targets parsed, and no secret echoed in a problem.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../app/config.ts';
import { PLACEHOLDER_ENTERPRISE_OID } from '../../../../app/snmp/snmp-config.ts';

const BASE = { KASSABOX_DATA_DIR: '/tmp/kb' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('SNMP configuration', () => {
  it('is off unless KASSABOX_SNMP_PORT is set', () => {
    expect(loadConfig({ ...BASE, KASSABOX_SNMP_COMMUNITY: 'kb-ro' }).snmp).toBeUndefined();
  });

  it('reads the community, the v3 user, the enterprise OID and the trap targets', () => {
    const { snmp } = loadConfig({
      ...BASE,
      KASSABOX_SNMP_PORT: '161',
      KASSABOX_SNMP_COMMUNITY: 'kb-ro',
      KASSABOX_SNMP_V3_USER: 'zabbix',
      KASSABOX_SNMP_V3_AUTH_KEY: 'auth-secret-1',
      KASSABOX_SNMP_V3_PRIV_KEY: 'priv-secret-1',
      KASSABOX_SNMP_TRAP_TARGETS: '10.0.0.5:162, inform:nms.local:1162',
    });
    expect(snmp).toEqual({
      port: 161,
      community: 'kb-ro',
      v3User: { name: 'zabbix', authKey: 'auth-secret-1', privKey: 'priv-secret-1' },
      enterpriseOid: PLACEHOLDER_ENTERPRISE_OID,
      trapTargets: [
        { host: '10.0.0.5', port: 162, kind: 'trap' },
        { host: 'nms.local', port: 1162, kind: 'inform' },
      ],
    });
    expect(
      loadConfig({
        ...BASE,
        KASSABOX_SNMP_PORT: '1161',
        KASSABOX_SNMP_COMMUNITY: 'kb-ro',
        KASSABOX_SNMP_ENTERPRISE_OID: '1.3.6.1.4.1.65000.7',
      }).snmp?.enterpriseOid,
    ).toBe('1.3.6.1.4.1.65000.7');
  });

  it('reports every mistake at once and never echoes a key', () => {
    const problems = problemsOf({
      KASSABOX_SNMP_PORT: '99999',
      KASSABOX_SNMP_V3_USER: 'zabbix',
      KASSABOX_SNMP_V3_AUTH_KEY: 'short1',
      KASSABOX_SNMP_V3_PRIV_KEY: 'short2',
      KASSABOX_SNMP_ENTERPRISE_OID: '1.3.6.1.2.1',
      KASSABOX_SNMP_TRAP_TARGETS: 'nms.local',
    });
    expect(problems.join('\n')).toMatch(/KASSABOX_SNMP_PORT must be/);
    expect(problems.join('\n')).toMatch(/KASSABOX_SNMP_V3_AUTH_KEY must be at least 8/);
    expect(problems.join('\n')).toMatch(/KASSABOX_SNMP_V3_PRIV_KEY must be at least 8/);
    expect(problems.join('\n')).toMatch(
      /KASSABOX_SNMP_ENTERPRISE_OID must be a numeric OID under 1\.3\.6\.1\.4\.1/,
    );
    expect(problems.join('\n')).toMatch(/KASSABOX_SNMP_TRAP_TARGETS items must be host:port/);
    expect(problems.join('\n')).not.toMatch(/short1|short2/);
  });

  it('refuses an agent nobody could query', () => {
    expect(problemsOf({ KASSABOX_SNMP_PORT: '161' }).join('\n')).toMatch(
      /neither KASSABOX_SNMP_COMMUNITY nor KASSABOX_SNMP_V3_USER/,
    );
  });
});
