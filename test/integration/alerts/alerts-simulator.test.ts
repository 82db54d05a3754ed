// Issue 4 "Done when", the alerts' part: a box with a simulated Shtrih register scripted into each
// condition — FN near expiry, OFD backlog, a shift past 24 h, paper out, the register switched off —
// raises the alert after the status read and evaluation; healing the condition clears it; the history
// stays; acknowledging works and is audited. Evaluation is driven with evaluateNow (the runner's timer
// is not started in tests).

import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertRule } from '../../../app/alerts/alert-types.ts';
import { ADMIN_PASSWORD, logIn } from '../../helpers/api-harness.ts';
import { device, payment } from '../../helpers/box-scenario.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

let box: Box | undefined;
afterEach(async () => {
  await box?.close();
  box = undefined;
});

/** As the admin, in a session of its own: the tests move the box clock past any session's life. */
async function asAdmin(b: Box, request: InjectOptions) {
  const session = await logIn(b.app, 'admin', { password: ADMIN_PASSWORD });
  return b.app.inject({ ...request, headers: { ...request.headers, ...session } });
}

/** Reads the device's status through the API (as the UI and the status poll do), then evaluates. */
async function readAndEvaluate(b: Box): Promise<Alert[]> {
  const id = b.devices[0]!.registerId;
  const response = await asAdmin(b, { method: 'GET', url: `/api/v1/registers/${id}/status` });
  expect(response.statusCode, response.body).toBe(200);
  b.deps.alerts.evaluateNow(b.clock.now());
  return registerAlerts(b);
}

/** The active alerts of the first register (box-wide ones depend on the test machine's disk and memory). */
function registerAlerts(b: Box): Alert[] {
  return b.deps.alerts.active().filter((a) => a.registerId === b.devices[0]!.registerId);
}

function byRule(alerts: Alert[], rule: AlertRule): Alert | undefined {
  return alerts.find((a) => a.rule === rule);
}

/** Local `YYYY-MM-DD` of the simulated device (Moscow) `days` after now. */
function deviceDay(b: Box, days: number): string {
  return new Date(b.clock.now().getTime() + 3 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
}

async function payAndDrain(b: Box): Promise<void> {
  await b.payOk(payment(100));
  await b.drain();
}

describe('alerts from a simulated register', () => {
  it('FN near expiry, paper out, OFD backlog and an expired shift are raised, updated and cleared', async () => {
    box = await startBoxWithSimulator();
    const b = box;
    await payAndDrain(b);
    expect(await readAndEvaluate(b)).toEqual([]);

    // FN validity: 10 days left is a warning; 2 days left is critical (an update of the same alert).
    const fn = device(b).device.fn.state;
    const healthyUntil = fn.validUntil;
    fn.validUntil = deviceDay(b, 10);
    const tenDays = byRule(await readAndEvaluate(b), 'fn_expiry');
    expect(tenDays).toMatchObject({ severity: 'warning', value: 10, state: 'active' });
    fn.validUntil = deviceDay(b, 2);
    const twoDays = byRule(await readAndEvaluate(b), 'fn_expiry');
    expect(twoDays).toMatchObject({ id: tenDays!.id, severity: 'critical', value: 2 });
    // The FN itself now flags "replace urgently" (≤ 3 days), a critical alert of its own.
    const flagged = byRule(registerAlerts(b), 'fn_warning');
    expect(flagged).toMatchObject({ severity: 'critical' });
    expect(flagged!.message).toContain('срочной замены');

    // Paper out, then a new roll.
    device(b).paper.remove();
    expect(byRule(await readAndEvaluate(b), 'paper_out')).toMatchObject({ severity: 'critical' });
    device(b).paper.insert();
    expect(byRule(await readAndEvaluate(b), 'paper_out')).toBeUndefined();

    // The OFD is away: a receipt stays unsent; eight days later (device and box alike) the backlog is
    // an alert counting down to the 30-day block, and the shift opened eight days ago has expired.
    device(b).ofd.setOnline(false);
    await payAndDrain(b);
    device(b).clock.advance(8 * DAY_MS);
    b.clock.advance(8 * DAY_MS);
    const later = await readAndEvaluate(b);
    expect(byRule(later, 'ofd_backlog')).toMatchObject({ severity: 'warning', value: 8 });
    expect(byRule(later, 'ofd_backlog')!.message).toContain('до блокировки ФН 22 дн.');
    expect(byRule(later, 'shift_age')).toMatchObject({ severity: 'critical' });
    expect(byRule(later, 'fn_expiry')!.message).toContain('истёк');
    // …and the register has not printed for eight days.
    expect(byRule(later, 'no_receipts')).toMatchObject({ severity: 'warning', value: 8 });

    // Heal everything: a new FN date, the OFD back, the shift closed with a Z-report.
    fn.validUntil = healthyUntil;
    device(b).ofd.setOnline(true);
    const close = await asAdmin(b, {
      method: 'POST',
      url: `/api/v1/registers/${b.devices[0]!.registerId}/shift/close`,
      payload: {},
    });
    expect(close.statusCode, close.body).toBe(200);
    await payAndDrain(b);
    expect(await readAndEvaluate(b)).toEqual([]);

    // The history stays: each alert cleared, with its steps.
    const cleared = b.deps.alerts.list({ state: 'cleared', registerId: b.devices[0]!.registerId, limit: 50 });
    expect(cleared.map((a) => a.rule).sort()).toEqual([
      'fn_expiry',
      'fn_warning',
      'no_receipts',
      'ofd_backlog',
      'paper_out',
      'shift_age',
    ]);
    expect(b.deps.alerts.get(tenDays!.id)!.events.map((e) => `${e.kind} ${e.severity}`)).toEqual([
      'raised warning',
      'updated critical',
      'updated critical', // eight days later: expired
      'cleared critical',
    ]);
  });

  it('a register switched off is offline after 5 minutes; acknowledged (audited); cleared when it answers', async () => {
    box = await startBoxWithSimulator();
    const b = box;
    await payAndDrain(b);
    expect(await readAndEvaluate(b)).toEqual([]);

    const away = b.devices[0]!;
    await b.stopDevice(away);
    // Not yet: the last good read was just now.
    expect(byRule(await readAndEvaluate(b), 'register_offline')).toBeUndefined();
    b.clock.advance(5 * MIN_MS);
    const offline = byRule(await readAndEvaluate(b), 'register_offline');
    expect(offline).toMatchObject({ severity: 'critical', state: 'active' });
    expect(offline!.value).toBeGreaterThanOrEqual(5);

    const ack = await b.asAdmin({
      method: 'POST',
      url: `/api/v1/alerts/${offline!.id}/acknowledge`,
      payload: { comment: 'еду в офис' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ acknowledged_by: 'admin' });
    const audit = await b.asAdmin({ method: 'GET', url: '/api/v1/audit?action=alert.acknowledge' });
    expect(audit.json().items[0]).toMatchObject({ entity: 'alert', entity_id: String(offline!.id) });

    await b.startDevice(away);
    expect(byRule(await readAndEvaluate(b), 'register_offline')).toBeUndefined();
    const detail = await b.asAdmin({ method: 'GET', url: `/api/v1/alerts/${offline!.id}` });
    expect(detail.json()).toMatchObject({ state: 'cleared', acknowledged_by: 'admin' });
    expect(detail.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'raised',
      'acknowledged',
      'cleared',
    ]);
  });
});
