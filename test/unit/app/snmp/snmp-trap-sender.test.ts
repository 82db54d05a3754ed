// Which alert changes become notifications (app/snmp/snmp-trap-sender.ts), against a fake AlertFeed and
// recording sessions: raised → kbAlertRaised, warning → critical → kbAlertRaised again, cleared →
// kbAlertCleared; acknowledgements and other updates send nothing; informs go to inform targets; a
// manager that fails is logged, and the others still get theirs.
import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent, AlertFeed, AlertListener } from '../../../../app/alerts/alert-types.ts';
import { createLogger } from '../../../../app/logger.ts';
import { PLACEHOLDER_ENTERPRISE_OID as BASE, type SnmpSettings } from '../../../../app/snmp/snmp-config.ts';
import { type NotificationSession, SnmpTrapSender } from '../../../../app/snmp/snmp-trap-sender.ts';

const alert: Alert = {
  id: 9,
  rule: 'fn_expiry',
  subject: 'register:2',
  registerId: 2,
  severity: 'warning',
  message: 'ФН кассы «Касса 2» истекает через 25 дн.',
  value: 25,
  state: 'active',
  raisedAt: '2026-11-23T11:00:00Z',
  updatedAt: '2026-11-23T11:00:00Z',
  clearedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
};

class FakeFeed implements AlertFeed {
  listeners: AlertListener[] = [];
  subscribe(listener: AlertListener) {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
  active() {
    return [];
  }
  emit(event: AlertEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

interface Sent {
  host: string;
  kind: 'trap' | 'inform';
  oid: string;
  varbinds: { oid: string; value: unknown }[];
}

function setUp(failing = '') {
  const feed = new FakeFeed();
  const sent: Sent[] = [];
  const lines: string[] = [];
  const settings: SnmpSettings = {
    port: 161,
    community: 'kb-ro',
    v3User: undefined,
    enterpriseOid: BASE,
    trapTargets: [
      { host: 'nms-a', port: 162, kind: 'trap' },
      { host: 'nms-b', port: 162, kind: 'inform' },
    ],
  };
  const session = (host: string): NotificationSession => {
    const record =
      (kind: 'trap' | 'inform') =>
      (oid: string, varbinds: object[], _options: object, done: (error: unknown) => void) => {
        if (host === failing) return done(new Error('no answer'));
        sent.push({ host, kind, oid, varbinds: varbinds as Sent['varbinds'] });
        done(null);
      };
    return { trap: record('trap'), inform: record('inform'), on: () => {}, close: () => {} };
  };
  const sender = new SnmpTrapSender({
    settings,
    alerts: feed,
    logger: createLogger({ level: 'warn', destination: { write: (line: string) => lines.push(line) } }),
    uptimeTicks: () => 100,
    createSession: (host) => session(host),
  });
  sender.start();
  return { feed, sent, lines, sender };
}

describe('SNMP notifications of alert changes', () => {
  it('announces a raise to every manager, as a trap or an inform, with the alert id as instance', () => {
    const { feed, sent } = setUp();
    feed.emit({ kind: 'raised', alert });
    expect(sent.map((s) => [s.host, s.kind, s.oid])).toEqual([
      ['nms-a', 'trap', `${BASE}.0.1`],
      ['nms-b', 'inform', `${BASE}.0.1`],
    ]);
    expect(sent[0]!.varbinds.map((v) => [v.oid, v.value])).toEqual([
      [`${BASE}.1.3.1.2.9`, 'fn_expiry'],
      [`${BASE}.1.3.1.3.9`, 'register:2'],
      [`${BASE}.1.3.1.4.9`, 2],
      [`${BASE}.1.3.1.5.9`, 1],
      [`${BASE}.1.3.1.6.9`, alert.message],
      [`${BASE}.1.3.1.7.9`, Date.parse(alert.raisedAt) / 1000],
      [`${BASE}.1.3.1.9.9`, 1],
    ]);
  });

  it('announces a rise to critical once, and stays silent on other updates and acknowledgements', () => {
    const { feed, sent } = setUp();
    feed.emit({ kind: 'raised', alert });
    feed.emit({ kind: 'updated', alert: { ...alert, message: 'ФН истекает через 24 дн.' } });
    feed.emit({ kind: 'acknowledged', alert: { ...alert, acknowledgedAt: '2026-11-23T11:05:00Z' } });
    expect(sent).toHaveLength(2);
    feed.emit({ kind: 'updated', alert: { ...alert, severity: 'critical' } });
    feed.emit({ kind: 'updated', alert: { ...alert, severity: 'critical', value: 13 } });
    expect(sent.map((s) => s.oid)).toEqual([`${BASE}.0.1`, `${BASE}.0.1`, `${BASE}.0.1`, `${BASE}.0.1`]);
    expect(sent[2]!.varbinds.find((v) => v.oid === `${BASE}.1.3.1.5.9`)?.value).toBe(2);
  });

  it('announces a clear with state cleared, and nothing after stop()', () => {
    const { feed, sent, sender } = setUp();
    feed.emit({ kind: 'cleared', alert: { ...alert, state: 'cleared', clearedAt: '2026-11-23T12:00:00Z' } });
    expect(sent.map((s) => s.oid)).toEqual([`${BASE}.0.2`, `${BASE}.0.2`]);
    expect(sent[0]!.varbinds.at(-1)).toMatchObject({ oid: `${BASE}.1.3.1.9.9`, value: 2 });
    sender.stop();
    feed.emit({ kind: 'raised', alert });
    expect(sent).toHaveLength(2);
  });

  it('logs a manager that does not acknowledge, and still notifies the others', () => {
    const { feed, sent, lines } = setUp('nms-b');
    feed.emit({ kind: 'raised', alert });
    expect(sent.map((s) => s.host)).toEqual(['nms-a']);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ msg: 'an SNMP notification could not be delivered', target: 'nms-b:162' }),
    ]);
  });
});
