// docs/KASSABOX-MIB.txt (issue 4 "SNMP"): it passes `smilint -l 3` (Debian's smitools) without a
// message, the agent serves exactly the OIDs the MIB defines, and every OID of the Zabbix template
// (docs/zabbix/kassabox-template.yaml) is an object of the MIB.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectOids } from '../../../app/snmp/kassabox-mib.ts';
import { PLACEHOLDER_ENTERPRISE_OID } from '../../../app/snmp/snmp-config.ts';
import { MIB_FILE, REPO_DIR, run, STANDARD_MIB_DIR, smilint } from '../../helpers/snmp-tools.ts';

const TEMPLATE = join(REPO_DIR, 'docs', 'zabbix', 'kassabox-template.yaml');

/** name → { kind, oid } as libsmi reads the MIB. */
async function mibIdentifiers(): Promise<Map<string, { kind: string; oid: string }>> {
  const dump = await run('smidump', ['-f', 'identifiers', MIB_FILE], { SMIPATH: STANDARD_MIB_DIR });
  expect(dump.code, dump.stderr).toBe(0);
  const identifiers = new Map<string, { kind: string; oid: string }>();
  for (const line of dump.stdout.split('\n')) {
    const [module, name, kind, oid] = line.trim().split(/\s+/);
    if (module === 'KASSABOX-MIB' && name && kind && oid) identifiers.set(name, { kind, oid });
  }
  return identifiers;
}

describe('KASSABOX-MIB', () => {
  it('passes smilint -l 3 without any message', async () => {
    const lint = await smilint();
    expect(lint.stdout + lint.stderr).toBe('');
  });

  it('makes smilint speak when the MIB is broken (the check above can fail)', async () => {
    const broken = join(tmpdir(), `KASSABOX-MIB-broken-${process.pid}.txt`);
    const text = await readFile(MIB_FILE, 'utf8');
    await writeFile(broken, text.replace('kbRegisterPaper           INTEGER,', 'kbRegisterPaper INTEGER'));
    const lint = await smilint(broken);
    expect(lint.stdout + lint.stderr).toMatch(/syntax error/);
  });

  it('defines exactly the objects and notifications the agent serves, at the same OIDs', async () => {
    const identifiers = await mibIdentifiers();
    expect(identifiers.get('kassaBoxMIB')?.oid).toBe(PLACEHOLDER_ENTERPRISE_OID);
    const served = objectOids(PLACEHOLDER_ENTERPRISE_OID);
    for (const [name, oid] of served)
      expect({ name, oid: identifiers.get(name)?.oid }).toEqual({ name, oid });
    const defined = [...identifiers]
      .filter(([, { kind }]) => ['scalar', 'column', 'notification'].includes(kind))
      .map(([name]) => name);
    expect(defined.sort()).toEqual([...served.keys()].sort());
  });

  it('is the source of every OID in the Zabbix template', async () => {
    const template = await readFile(TEMPLATE, 'utf8');
    expect(template).toMatch(/^zabbix_export:\n {2}version: ["']7\.0["']$/m);
    const mibOids = new Set([...(await mibIdentifiers()).values()].map(({ oid }) => oid));
    const used = [...template.matchAll(/1\.3\.6\.1\.4\.1(?:\.\d+)+/g)].map(([oid]) => oid);
    expect(used.length).toBeGreaterThan(20);
    for (const oid of used) {
      // Items name an instance (.0 for scalars, .{#SNMPINDEX} for table columns); discovery names columns.
      const object = oid.replace(/\.0$/, '');
      expect({ oid, known: mibOids.has(object) }).toEqual({ oid, known: true });
    }
    // Every item and item prototype is an SNMP agent item with a key; every trigger names a known key.
    const keys = new Set([...template.matchAll(/^ +key: ["']?([^"'\n]+)["']?$/gm)].map(([, key]) => key));
    expect([...template.matchAll(/type: SNMP_AGENT/g)].length).toBe(keys.size);
    for (const [, expression] of template.matchAll(/expression: ["'](.+)["']$/gm)) {
      for (const [, key] of expression!.matchAll(/\/KassaBox by SNMP\/([^,)]+)/g)) {
        expect({ key, known: keys.has(key!) }).toEqual({ key, known: true });
      }
    }
  });
});
