// The SNMP agent against Debian's Net-SNMP tools (issue 4 "SNMP"): a box with a simulated register, the
// agent on 127.0.0.1, snmpget/snmpwalk over v2c and v3 authPriv read what the simulator's FN says, wrong
// credentials get nothing, and snmptrapd receives kbAlertRaised and kbAlertCleared as an alert of the
// real alert service is raised and cleared (the simulator's paper taken out and put back).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../app/logger.ts';
import { PLACEHOLDER_ENTERPRISE_OID, type SnmpSettings } from '../../../app/snmp/snmp-config.ts';
import { type SnmpService, startSnmp } from '../../../app/snmp/snmp-service.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';
import { freeUdpPort, run, snmp, startTrapReceiver, type TrapReceiver } from '../../helpers/snmp-tools.ts';

const BASE = PLACEHOLDER_ENTERPRISE_OID;
const COMMUNITY = 'kb-test-ro';
const V3 = { name: 'kbmonitor', authKey: 'auth-pass-phrase', privKey: 'priv-pass-phrase' };

describe('the SNMP agent', () => {
  let box: Box;
  let service: SnmpService | undefined;
  let trapd: TrapReceiver;
  let dir: string;
  let port: number;
  let registerId: number;
  const logLines: string[] = [];

  const target = () => `127.0.0.1:${port}`;
  const v2c = (tool: 'snmpget' | 'snmpwalk', ...args: string[]) =>
    snmp(tool, ['-v2c', '-c', COMMUNITY, '-On', target(), ...args]);
  const v3 = (tool: 'snmpget' | 'snmpwalk', keys: { authKey: string; privKey: string }, ...args: string[]) =>
    snmp(tool, [
      '-v3',
      '-l',
      'authPriv',
      '-u',
      V3.name,
      '-a',
      'SHA',
      '-A',
      keys.authKey,
      '-x',
      'AES',
      '-X',
      keys.privKey,
      '-On',
      target(),
      ...args,
    ]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kassabox-snmp-'));
    box = await startBoxWithSimulator({ registers: 1 });
    const device = box.devices[0]!;
    registerId = device.registerId;
    // Documents wait for the OFD: the unsent count the agent reports comes from the device.
    device.simulator.ofd.setOnline(false);
    for (const n of [1, 2]) {
      await box.payOk({ external_id: `snmp-${n}`, account: `acc-${n}`, amount_kopecks: 10_000 * n });
    }
    await box.drain();
    await box.deps.registerOperations.liveStatus(registerId);

    trapd = await startTrapReceiver(dir);
    port = await freeUdpPort();
    const settings: SnmpSettings = {
      port,
      community: COMMUNITY,
      v3User: V3,
      enterpriseOid: BASE,
      // The same manager twice: once as a trap, once as an inform (snmptrapd acknowledges it).
      trapTargets: [
        { host: '127.0.0.1', port: trapd.port, kind: 'trap' },
        { host: '127.0.0.1', port: trapd.port, kind: 'inform' },
      ],
    };
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => logLines.push(line) },
    });
    service = await startSnmp({ settings, host: '127.0.0.1', deps: box.deps, logger, refreshMs: 0 });
  });

  afterAll(async () => {
    await service?.stop();
    await trapd?.stop();
    await box?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers v2c with the FN number, FN days left and unsent count the simulator has', async () => {
    const device = box.devices[0]!;
    const state = device.simulator.state;
    expect(state.unsentFdNumbers.length).toBeGreaterThanOrEqual(2);
    const dashboard = (await box.asAdmin({ method: 'GET', url: '/api/v1/dashboard' })).json();
    const line = dashboard.registers.find((r: { id: number }) => r.id === registerId);
    expect(line.fn_days_left).toBeGreaterThan(0);

    const row = (column: number) => `${BASE}.1.2.1.${column}.${registerId}`;
    // -Oqv: values only, one a line, in the order asked; -OU without the MIB's units, -Oe enums as numbers.
    const answer = await v2c(
      'snmpget',
      '-OqvUe',
      row(6),
      row(7),
      row(9),
      row(2),
      `${BASE}.1.1.7.0`,
      `${BASE}.1.1.1.0`,
    );
    expect(answer.code, answer.stderr).toBe(0);
    expect(answer.stdout.trim().split('\n')).toEqual([
      state.fnNumber,
      String(line.fn_days_left),
      String(state.unsentFdNumbers.length),
      device.name,
      '2',
      box.deps.version,
    ]);
  });

  it('walks the register table by the MIB names, and follows the device when it changes', async () => {
    const walk = await snmp('snmpwalk', ['-v2c', '-c', COMMUNITY, target(), 'KASSABOX-MIB::kbRegisterTable']);
    expect(walk.code, walk.stderr).toBe(0);
    expect(walk.stdout).toContain(`KASSABOX-MIB::kbRegisterState.${registerId} = INTEGER: online(1)`);
    expect(walk.stdout).toContain(`KASSABOX-MIB::kbRegisterPaper.${registerId} = INTEGER: present(1)`);
    expect(walk.stdout).toMatch(new RegExp(`kbRegisterDaysToBlock\\.${registerId} = INTEGER: (29|30)\\b`));

    const device = box.devices[0]!;
    device.simulator.ofd.setOnline(true);
    await box.deps.registerOperations.liveStatus(registerId);
    const after = await v2c('snmpget', `${BASE}.1.2.1.9.${registerId}`, `${BASE}.1.2.1.10.${registerId}`);
    expect(after.stdout).toContain(`${BASE}.1.2.1.9.${registerId} = INTEGER: 0 documents`);
    expect(after.stdout).toContain(`${BASE}.1.2.1.10.${registerId} = INTEGER: 0 seconds`);
  });

  it("answers a plain walk with SNMPv2-MIB's system group pointing at KASSABOX-MIB", async () => {
    // No OID: snmpwalk walks mib-2, where sysDescr (.1.1), sysObjectID (.1.2) and sysUpTime (.1.3) live.
    const walk = await snmp('snmpwalk', ['-v2c', '-c', COMMUNITY, target()]);
    expect(walk.code, walk.stderr).toBe(0);
    expect(walk.stdout).toContain(`mib-2.1.1.0 = STRING: "KassaBox ${box.deps.version}"`);
    expect(walk.stdout).toContain('mib-2.1.2.0 = OID: KASSABOX-MIB::kassaBoxMIB');
    expect(walk.stdout).toMatch(/mib-2\.1\.3\.0 = Timeticks: \(\d+\)/);
  });

  it('answers the v3 user (authPriv, SHA + AES)', async () => {
    const answer = await v3('snmpget', V3, `${BASE}.1.2.1.6.${registerId}`);
    expect(answer.code, answer.stderr).toBe(0);
    expect(answer.stdout).toContain(`STRING: ${box.devices[0]!.fnNumber}`);
  });

  it('gives nothing to a wrong community, a wrong v3 key or a write', async () => {
    const oid = `${BASE}.1.2.1.6.${registerId}`;
    const fn = box.devices[0]!.fnNumber;
    const wrongCommunity = await snmp('snmpget', ['-v2c', '-c', 'public', target(), oid]);
    expect(wrongCommunity.code).not.toBe(0);
    expect(wrongCommunity.stdout).not.toContain(fn);
    const wrongAuth = await v3('snmpget', { ...V3, authKey: 'not-the-auth-key' }, oid);
    expect(wrongAuth.code).not.toBe(0);
    expect(wrongAuth.stdout).not.toContain(fn);
    const wrongPriv = await v3('snmpget', { ...V3, privKey: 'not-the-priv-key' }, oid);
    expect(wrongPriv.stdout).not.toContain(fn);
    const write = await run('snmpset', [
      '-v2c',
      '-c',
      COMMUNITY,
      '-t',
      '1',
      '-r',
      '0',
      target(),
      oid,
      's',
      'x',
    ]);
    expect(write.code).not.toBe(0);
    const still = await v2c('snmpget', oid);
    expect(still.stdout).toContain(fn);
  });

  it('sends kbAlertRaised and kbAlertCleared to snmptrapd as the register runs out of paper and gets it back', async () => {
    const device = box.devices[0]!;
    /** snmptrapd's lines (one per notification) of `notification` about alert `id`. */
    const received = (notification: 1 | 2, id: number) =>
      trapd
        .output()
        .split('\n')
        .filter(
          (line) => line.includes(`OID: .${BASE}.0.${notification}`) && line.includes(`.1.3.1.2.${id} =`),
        );

    device.simulator.paper.remove();
    await box.deps.registerOperations.liveStatus(registerId);
    box.deps.alerts.evaluateNow();
    const alert = box.deps.alerts
      .active()
      .find((a) => a.rule === 'paper_out' && a.subject === `register:${registerId}`);
    expect(alert, 'the evaluator raises paper_out').toBeDefined();
    const id = alert!.id;

    // Sent twice to the one manager: as a trap and as an inform (which snmptrapd acknowledges).
    await box.waitFor('kbAlertRaised as trap and inform', () => received(1, id).length === 2);
    const raised = received(1, id)[0]!;
    expect(raised).toContain(`${BASE}.1.3.1.2.${id} = STRING: paper_out`);
    expect(raised).toContain(`${BASE}.1.3.1.3.${id} = STRING: register:${registerId}`);
    expect(raised).toContain(`${BASE}.1.3.1.4.${id} = Gauge32: ${registerId}`);
    expect(raised).toContain(`${BASE}.1.3.1.5.${id} = INTEGER: critical(2)`);
    expect(raised).toContain(`${BASE}.1.3.1.9.${id} = INTEGER: active(1)`);
    // The MIB's DISPLAY-HINT "255t" lets the manager print the Russian message as text.
    expect(raised).toContain(`${BASE}.1.3.1.6.${id} = STRING: ${alert!.message}`);

    const seen = await v2c('snmpget', '-OqvUe', `${BASE}.1.2.1.12.${registerId}`, `${BASE}.1.3.1.2.${id}`);
    expect(seen.stdout.trim().split('\n')).toEqual(['2', 'paper_out']);
    const critical = await v2c('snmpget', '-OqvU', `${BASE}.1.1.8.0`);
    expect(Number(critical.stdout.trim())).toBe(
      box.deps.alerts.active().filter((a) => a.severity === 'critical').length,
    );

    device.simulator.paper.insert();
    await box.deps.registerOperations.liveStatus(registerId);
    box.deps.alerts.evaluateNow();
    await box.waitFor('kbAlertCleared as trap and inform', () => received(2, id).length === 2);
    expect(received(2, id)[0]).toContain(`${BASE}.1.3.1.9.${id} = INTEGER: cleared(2)`);
    expect(received(1, id)).toHaveLength(2);
    expect(logLines.join('')).not.toContain('could not be delivered');
    const after = await v2c('snmpwalk', `${BASE}.1.3`);
    expect(after.stdout).not.toContain(`${BASE}.1.3.1.2.${id} =`);
    expect((await v2c('snmpget', '-OqvUe', `${BASE}.1.2.1.12.${registerId}`)).stdout.trim()).toBe('1');
  });

  it('does not stop the box when its port is taken: startSnmp logs and answers undefined', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    const second = await startSnmp({
      settings: { port, community: COMMUNITY, v3User: undefined, enterpriseOid: BASE, trapTargets: [] },
      host: '127.0.0.1',
      deps: box.deps,
      logger,
    });
    expect(second).toBeUndefined();
    expect(lines.join('')).toMatch(
      /SNMP agent could not listen.*EADDRINUSE|EADDRINUSE.*SNMP agent could not listen/s,
    );
    // The first agent still answers.
    expect((await v2c('snmpget', `${BASE}.1.1.1.0`)).code).toBe(0);
  });
});
