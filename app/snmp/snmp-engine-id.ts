// The agent's SNMPv3 engine ID, kept in the data dir. USM keys are localized to the engine ID (RFC 3414
// §2.6), and managers cache it per host: Zabbix, for one, stops polling a v3 host whose engine ID changed
// until its SNMP cache is reloaded. net-snmp makes a random one per start, so the box makes it once and
// reads it back on every start.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** net-snmp's own layout: 0x80 | its enterprise 0x00B983 | 0x80 (enterprise-specific) | 12 random bytes. */
const PREFIX = '8000b98380';
const ENGINE_ID = /^8000b98380[0-9a-f]{24}$/;

export const ENGINE_ID_FILE = 'snmp-engine-id';

export async function loadEngineId(dataDir: string): Promise<string> {
  const file = join(dataDir, ENGINE_ID_FILE);
  const saved = await readFile(file, 'utf8').then(
    (text) => text.trim().toLowerCase(),
    () => undefined,
  );
  if (saved !== undefined && ENGINE_ID.test(saved)) return saved;
  const made = PREFIX + randomBytes(12).toString('hex');
  await writeFile(file, `${made}\n`, { mode: 0o644 });
  return made;
}
