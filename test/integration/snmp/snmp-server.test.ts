// The SNMP agent as the server runs it (app/server.ts): started from KASSABOX_SNMP_* with the server,
// answering until stop(), and never keeping the server from starting when its port is taken.
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config.ts';
import { createLogger } from '../../../app/logger.ts';
import { startServer } from '../../../app/server.ts';
import { PLACEHOLDER_ENTERPRISE_OID } from '../../../app/snmp/snmp-config.ts';
import { ENGINE_ID_FILE } from '../../../app/snmp/snmp-engine-id.ts';
import { freeUdpPort, snmp } from '../../helpers/snmp-tools.ts';

describe('the server and its SNMP agent', () => {
  let dataDir: string;
  const start = async (snmpPort: number) => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    const config = loadConfig({
      KASSABOX_DATA_DIR: dataDir,
      KASSABOX_PORT: '0',
      KASSABOX_SNMP_PORT: String(snmpPort),
      KASSABOX_SNMP_COMMUNITY: 'kb-server-ro',
      KASSABOX_SNMP_V3_USER: 'kbserver',
      KASSABOX_SNMP_V3_AUTH_KEY: 'server-auth-key',
      KASSABOX_SNMP_V3_PRIV_KEY: 'server-priv-key',
    });
    return { server: await startServer(config, logger), log: () => lines.join('') };
  };
  const version = (port: number) =>
    snmp('snmpget', [
      '-v2c',
      '-c',
      'kb-server-ro',
      '-Oqv',
      `127.0.0.1:${port}`,
      `${PLACEHOLDER_ENTERPRISE_OID}.1.1.1.0`,
    ]);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kassabox-snmp-server-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const engineId = async () => (await readFile(join(dataDir, ENGINE_ID_FILE), 'utf8')).trim();
  /**
   * A v3 get; the tool's lcd_set_enginetime debug lines show each engine ID it learns, the agent's among
   * them (net-snmp's agent does not refuse a request naming another engine ID, so discovery is what
   * shows the ID the agent has).
   */
  const v3Get = (port: number) =>
    snmp('snmpget', [
      ...['-v3', '-l', 'authPriv', '-u', 'kbserver', '-a', 'SHA', '-A', 'server-auth-key'],
      ...['-x', 'AES', '-X', 'server-priv-key', '-Dlcd_set_enginetime', '-Oqv'],
      `127.0.0.1:${port}`,
      `${PLACEHOLDER_ENTERPRISE_OID}.1.1.1.0`,
    ]);
  const learned = (stderr: string) => stderr.replace(/\s+/g, '').toLowerCase();

  it('keeps the v3 engine ID in the data dir across restarts', async () => {
    const firstPort = await freeUdpPort();
    const first = await start(firstPort);
    const id = await engineId();
    expect(id).toMatch(/^8000b98380[0-9a-f]{24}$/);
    try {
      expect(learned((await v3Get(firstPort)).stderr)).toContain(id);
    } finally {
      await first.server.stop();
    }
    const port = await freeUdpPort();
    const second = await start(port);
    try {
      expect(await engineId()).toBe(id);
      const answer = await v3Get(port);
      expect(answer.code, answer.stderr).toBe(0);
      expect(answer.stdout.trim()).toBe(second.server.deps.version);
      expect(learned(answer.stderr)).toContain(id);
    } finally {
      await second.server.stop();
    }
  });

  it('starts the agent with the server and closes it on stop', async () => {
    const port = await freeUdpPort();
    const { server } = await start(port);
    try {
      expect(server.snmp?.port).toBe(port);
      const answer = await version(port);
      expect(answer.code, answer.stderr).toBe(0);
      expect(answer.stdout.trim()).toBe(server.deps.version);
    } finally {
      await server.stop();
    }
    expect((await version(port)).code).not.toBe(0);
  });

  it('starts without SNMP, saying why, when the port is taken', async () => {
    const squatter = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', resolve));
    const { port } = squatter.address();
    try {
      const { server, log } = await start(port);
      try {
        expect(server.snmp).toBeUndefined();
        expect(log()).toContain('the SNMP agent could not listen');
        expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
      } finally {
        await server.stop();
      }
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
