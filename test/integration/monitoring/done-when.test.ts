// Issue 4 "Done when", end to end in one box: a simulated PAYONLINE-01-ФА is scripted into each condition
// (FN near expiry, OFD backlog, expired shift, paper out, offline). For each, the alert is raised, the
// trap reaches snmptrapd, the webhook and e-mail fakes receive it, SNMP and /metrics show the values —
// and healing the condition clears the alert everywhere. The parts have their own suites (alerts,
// snmp, notifications, metrics); this one proves they work together on the same events.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertRule } from '../../../app/alerts/alert-types.ts';
import { createLogger } from '../../../app/logger.ts';
import { PLACEHOLDER_ENTERPRISE_OID } from '../../../app/snmp/snmp-config.ts';
import { type SnmpService, startSnmp } from '../../../app/snmp/snmp-service.ts';
import { ADMIN_PASSWORD, logIn } from '../../helpers/api-harness.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';
import {
  type HttpFake,
  mailSubject,
  type SmtpFake,
  startHttpFake,
  startSmtpFake,
} from '../../helpers/notification-fakes.ts';
import { parseSamples, sampleValue } from '../../helpers/prometheus-text.ts';
import { freeUdpPort, snmp, startTrapReceiver, type TrapReceiver } from '../../helpers/snmp-tools.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const BASE = PLACEHOLDER_ENTERPRISE_OID;
const COMMUNITY = 'kb-done-when';

describe('operations, done when', () => {
  let box: Box;
  let snmpAgent: SnmpService | undefined;
  let trapd: TrapReceiver;
  let hook: HttpFake;
  let smtp: SmtpFake;
  let dir: string;
  let port: number;
  let registerId: number;

  /** As the admin, in a fresh session: the scenario moves the clock past any session's life. */
  async function asAdmin(request: InjectOptions) {
    const session = await logIn(box.app, 'admin', { password: ADMIN_PASSWORD });
    return box.app.inject({ ...request, headers: { ...request.headers, ...session } });
  }

  /** A read of the device's status as the UI and the poll do (a failed read marks it offline), then one
   *  evaluation of the alert rules and a run of the notification sender. */
  async function pollAndEvaluate(): Promise<void> {
    await asAdmin({ method: 'GET', url: `/api/v1/registers/${registerId}/status` });
    box.deps.alerts.evaluateNow(box.clock.now());
    await box.deps.notifications.dispatcher.runDue();
  }

  function activeAlert(rule: AlertRule): Alert | undefined {
    return box.deps.alerts.active().find((a) => a.rule === rule && a.registerId === registerId);
  }

  async function metrics() {
    const response = await asAdmin({ method: 'GET', url: '/api/v1/metrics' });
    expect(response.statusCode, response.body).toBe(200);
    return parseSamples(response.body);
  }

  const trapsAbout = (notification: 1 | 2, id: number) =>
    trapd
      .output()
      .split('\n')
      .filter(
        (line) => line.includes(`OID: .${BASE}.0.${notification}`) && line.includes(`.1.3.1.2.${id} =`),
      );

  const hookEvents = (id: number) =>
    hook.requests
      .map((r) => JSON.parse(r.body) as { event: string; alert: { id: number; rule: string } })
      .filter((e) => e.alert.id === id)
      .map((e) => e.event);

  const mailsAbout = (words: string) =>
    smtp.mails.map((m) => mailSubject(m.raw)).filter((s) => s.includes(words));

  /** Everything the issue asks of a raised alert, then of the same alert cleared. */
  async function expectRaisedEverywhere(rule: AlertRule, mailTitle: string): Promise<Alert> {
    const alert = activeAlert(rule);
    expect(alert, `${rule} is raised`).toBeDefined();
    const id = alert!.id;
    await box.waitFor(`the ${rule} trap`, () => trapsAbout(1, id).length > 0);
    expect(trapsAbout(1, id)[0]).toContain(`STRING: ${rule}`);
    expect(hookEvents(id)).toEqual(['raised']);
    const severity = alert!.severity === 'critical' ? 'КРИТИЧНО' : 'Внимание';
    expect(mailsAbout(mailTitle)).toEqual([`KassaBox: ${severity}: ${mailTitle}`]);
    const table = await snmp('snmpwalk', [
      '-v2c',
      '-c',
      COMMUNITY,
      '-On',
      `127.0.0.1:${port}`,
      `${BASE}.1.3`,
    ]);
    expect(table.stdout).toContain(`${BASE}.1.3.1.2.${id} = STRING: ${rule}`);
    const samples = await metrics();
    expect(sampleValue(samples, 'kassabox_alerts_active', { rule, severity: alert!.severity })).toBe(1);
    return alert!;
  }

  async function expectClearedEverywhere(alert: Alert, mailTitle: string): Promise<void> {
    expect(activeAlert(alert.rule), `${alert.rule} is cleared`).toBeUndefined();
    await box.waitFor(`the ${alert.rule} clear trap`, () => trapsAbout(2, alert.id).length > 0);
    expect(hookEvents(alert.id)).toEqual(['raised', 'cleared']);
    expect(mailsAbout(mailTitle)).toContain(`KassaBox: Устранено: ${mailTitle}`);
    const table = await snmp('snmpwalk', [
      '-v2c',
      '-c',
      COMMUNITY,
      '-On',
      `127.0.0.1:${port}`,
      `${BASE}.1.3`,
    ]);
    expect(table.stdout).not.toContain(`${BASE}.1.3.1.2.${alert.id} =`);
    const samples = await metrics();
    // prom-client keeps a series once seen: a cleared alert reads 0.
    const active = sampleValue(samples, 'kassabox_alerts_active', {
      rule: alert.rule,
      severity: alert.severity,
    });
    expect(active ?? 0).toBe(0);
  }

  const registerMetric = async (name: string) =>
    sampleValue(await metrics(), `kassabox_register_${name}`, { register_id: String(registerId) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kassabox-done-when-'));
    box = await startBoxWithSimulator();
    registerId = box.devices[0]!.registerId;
    hook = await startHttpFake();
    smtp = await startSmtpFake();
    for (const payload of [
      { kind: 'webhook', name: 'NOC', config: { url: `${hook.base}/hook` } },
      {
        kind: 'email',
        name: 'Почта',
        config: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'box@x.ru', to: ['noc@x.ru'] },
      },
    ]) {
      const created = await asAdmin({ method: 'POST', url: '/api/v1/notification-channels', payload });
      expect(created.statusCode, created.body).toBe(201);
    }
    trapd = await startTrapReceiver(dir);
    port = await freeUdpPort();
    snmpAgent = await startSnmp({
      settings: {
        port,
        community: COMMUNITY,
        v3User: undefined,
        enterpriseOid: BASE,
        trapTargets: [{ host: '127.0.0.1', port: trapd.port, kind: 'trap' }],
      },
      host: '127.0.0.1',
      deps: box.deps,
      logger: createLogger({ level: 'silent' }),
      refreshMs: 0,
    });
    await box.payOk({ external_id: 'done-when-0', account: '100200', amount_kopecks: 10_000 });
    await box.drain();
    await pollAndEvaluate();
  });

  afterAll(async () => {
    await snmpAgent?.stop();
    await trapd?.stop();
    await hook?.close();
    await smtp?.close();
    await box?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts healthy: no alert about the register', () => {
    expect(box.deps.alerts.active().filter((a) => a.registerId === registerId)).toEqual([]);
  });

  it('FN near expiry', async () => {
    const fn = box.devices[0]!.simulator.device.fn.state;
    const healthy = fn.validUntil;
    // Ten days left on the device's calendar (Moscow).
    fn.validUntil = new Date(box.clock.now().getTime() + 3 * 3_600_000 + 10 * DAY_MS)
      .toISOString()
      .slice(0, 10);
    await pollAndEvaluate();
    const alert = await expectRaisedEverywhere('fn_expiry', 'истекает срок ФН');
    expect(alert.value).toBe(10);
    const validUntil = await registerMetric('fn_valid_until_timestamp_seconds');
    expect(Math.round((validUntil! * 1000 - box.clock.now().getTime()) / DAY_MS)).toBeGreaterThanOrEqual(10);

    fn.validUntil = healthy;
    await pollAndEvaluate();
    await expectClearedEverywhere(alert, 'истекает срок ФН');
  });

  it('paper out', async () => {
    const device = box.devices[0]!.simulator;
    device.paper.remove();
    await pollAndEvaluate();
    const alert = await expectRaisedEverywhere('paper_out', 'нет бумаги');
    expect(await registerMetric('paper_ok')).toBe(0);

    device.paper.insert();
    await pollAndEvaluate();
    await expectClearedEverywhere(alert, 'нет бумаги');
    expect(await registerMetric('paper_ok')).toBe(1);
  });

  it('OFD backlog and the shift past 24 hours', async () => {
    const device = box.devices[0]!.simulator;
    device.ofd.setOnline(false);
    await box.payOk({ external_id: 'done-when-ofd', account: '100200', amount_kopecks: 20_000 });
    await box.drain();
    device.clock.advance(4 * DAY_MS);
    box.clock.advance(4 * DAY_MS);
    await pollAndEvaluate();
    const backlog = await expectRaisedEverywhere('ofd_backlog', 'документы не переданы в ОФД');
    expect(backlog.value).toBe(4);
    expect(await registerMetric('ofd_unsent_documents')).toBeGreaterThan(0);
    const shift = await expectRaisedEverywhere('shift_age', 'смена открыта слишком долго');
    expect(await registerMetric('shift_expired')).toBe(1);

    device.ofd.setOnline(true);
    const close = await asAdmin({
      method: 'POST',
      url: `/api/v1/registers/${registerId}/shift/close`,
      payload: {},
    });
    expect(close.statusCode, close.body).toBe(200);
    await box.payOk({ external_id: 'done-when-ofd-2', account: '100200', amount_kopecks: 20_000 });
    await box.drain();
    await pollAndEvaluate();
    await expectClearedEverywhere(backlog, 'документы не переданы в ОФД');
    await expectClearedEverywhere(shift, 'смена открыта слишком долго');
    expect(await registerMetric('ofd_unsent_documents')).toBe(0);
  });

  it('the register switched off', async () => {
    const away = box.devices[0]!;
    await box.stopDevice(away);
    box.clock.advance(6 * MINUTE_MS);
    await pollAndEvaluate();
    const alert = await expectRaisedEverywhere('register_offline', 'касса не отвечает');
    expect(await registerMetric('online')).toBe(0);

    await box.startDevice(away);
    await pollAndEvaluate();
    await expectClearedEverywhere(alert, 'касса не отвечает');
    expect(await registerMetric('online')).toBe(1);
  });
});
