// The lifecycle end to end against the Shtrih simulator over TCP: lifecycle settings through the API, the
// scheduled status poll with the device clock's drift, shift closes at the close time, at shift_max_hours
// and as the catch-up at start, the FN forecast, and the FN replacement preparation. The scheduler's tick
// is called with the box's (shiftable) clock; cron is started only by the catch-up test, and stopped.
import { describe, expect, it } from 'vitest';
import { utcToDeviceLocal } from '../../../app/domain/device-time.ts';
import { boxPerTest, device, payment } from '../../helpers/box-scenario.ts';
import type { Box } from '../../helpers/box-with-simulator.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const boxes = boxPerTest();

async function patchSettings(b: Box, payload: Record<string, unknown>) {
  return b.asAdmin({ method: 'PATCH', url: '/api/v1/settings', payload });
}

/** A close time a few minutes ahead of the box clock, in the register's zone (Moscow, as the simulator). */
function closeTimeAhead(b: Box, minutes: number): string {
  return utcToDeviceLocal(new Date(b.clock.now().getTime() + minutes * MINUTE_MS), 'Europe/Moscow').slice(
    11,
    16,
  );
}

/** The last scheduled shift close has run (device closed, shift recorded, audit written). */
function lastCloseDone(b: Box): boolean {
  return b.deps.maintenanceTasks.list({ kind: 'shift_close', limit: 1 })[0]?.state === 'done';
}

async function tickUntil(b: Box, what: string, check: () => boolean) {
  b.deps.lifecycle.tick(b.clock.now());
  await b.waitFor(what, check);
}

/** The lifecycle's shift closes in the audit trail, newest first (read directly: a test that moves the
 * box clock by a day outlives the admin's session). */
function shiftCloseAudit(b: Box) {
  return b.deps.audit.list({ action: 'register.shift_close', limit: 10 }).map((row) => ({
    actor: { kind: row.actorKind, name: row.actorName },
    after: JSON.parse(row.afterJson ?? 'null') as { reason: string; shift_number: number },
  }));
}

describe('lifecycle settings', () => {
  it('are read with their defaults, validated, and changed by an admin with an audit row', async () => {
    const b = await boxes.start();
    const read = await b.asAdmin({ method: 'GET', url: '/api/v1/settings' });
    expect(read.json()).toMatchObject({
      status_poll_seconds: 60,
      shift_close_time: null,
      shift_max_hours: 22.5,
    });
    for (const bad of [
      { status_poll_seconds: 5 },
      { shift_close_time: '24:00' },
      { shift_close_time: '9:30' },
      { shift_max_hours: 24 },
    ]) {
      const response = await patchSettings(b, bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const changed = await patchSettings(b, {
      status_poll_seconds: 30,
      shift_close_time: '23:50',
      shift_max_hours: 20,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      status_poll_seconds: 30,
      shift_close_time: '23:50',
      shift_max_hours: 20,
    });
    const off = await patchSettings(b, { shift_close_time: null });
    expect(off.json().shift_close_time).toBeNull();
    const audit = await b.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=settings' });
    expect(audit.json().items[0].after).toMatchObject({ shift_close_time: null, status_poll_seconds: 30 });
  });
});

describe('the scheduled status poll', () => {
  it('stores the device clock drift and the FN forecast for the status and the dashboard', async () => {
    const b = await boxes.warm();
    const { registerId } = b.devices[0]!;
    device(b).clock.advance(2 * MINUTE_MS);
    b.clock.advance(2 * MINUTE_MS + 1_000); // past the poll interval since the last read
    device(b).clock.advance(2 * MINUTE_MS + 1_000); // the device keeps its 2 minutes ahead of the box
    await tickUntil(b, 'a poll to measure the drift', () => {
      const drift = b.deps.stores.registerStates.snapshot(registerId)?.clockDriftSeconds;
      return drift !== null && drift !== undefined && drift >= 110;
    });
    const dashboard = (await b.asAdmin({ method: 'GET', url: '/api/v1/dashboard' })).json();
    const line = dashboard.registers.find((r: { id: number }) => r.id === registerId);
    expect(line.clock_drift_seconds).toBeGreaterThanOrEqual(118);
    expect(line.clock_drift_seconds).toBeLessThanOrEqual(122);

    const validUntil = device(b).state.validUntil;
    const threeDaysBefore = new Date(Date.parse(`${validUntil}T00:00:00Z`) - 3 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(line.fn_replace_by).toBe(threeDaysBefore);
    // GET status reads the device again, but the drift is the poll's.
    const status = (await b.asAdmin({ method: 'GET', url: `/api/v1/registers/${registerId}/status` })).json();
    expect(status.clock_drift_seconds).toBe(line.clock_drift_seconds);
    expect(status.fn_forecast).toEqual({
      // One receipt (the warm-up) over the register's first day; at that rate the FN never fills.
      receipts_per_day: 1,
      memory_full_on: null,
      valid_until: validUntil,
      replace_by: threeDaysBefore,
    });
  });

  it('dates the full FN memory from the receipt rate when the archive is nearly full', async () => {
    const b = await boxes.warm();
    const { registerId } = b.devices[0]!;
    const fn = device(b).device.fn.state;
    fn.documentCapacity = fn.archive.length + 40; // 40 documents left
    for (let i = 0; i < 3; i++) await b.payOk(payment());
    await b.drain();
    b.clock.advance(2 * MINUTE_MS);
    await tickUntil(b, 'a poll to read the free documents', () => {
      const json = b.deps.stores.registerStates.snapshot(registerId)?.statusJson;
      return json !== null && json !== undefined && JSON.parse(json).fn.freeDocuments === 37;
    });
    // 4 receipts + 1 shift open on the register's first day: 5 documents a day, 37 left: full in 7 days.
    const forecast = b.deps.fnForecasts.of(registerId)!;
    expect(forecast.receipts_per_day).toBe(4);
    const today = utcToDeviceLocal(b.clock.now(), 'Europe/Moscow').slice(0, 10);
    const inDays = (days: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    expect(forecast.memory_full_on).toBe(inDays(7));
    expect(forecast.replace_by).toBe(inDays(4));
  });
});

describe('scheduled shift closes', () => {
  it('closes the open shift at the configured local time with a Z-report, audited as the system', async () => {
    const b = await boxes.warm();
    expect(device(b).state.shift.open).toBe(true);
    expect((await patchSettings(b, { shift_close_time: closeTimeAhead(b, 2) })).statusCode).toBe(200);
    b.deps.lifecycle.tick(b.clock.now());
    expect(device(b).state.shift.open, 'not before the close time').toBe(true);

    // Box and device clocks move together (the device agrees with the box in this test).
    b.clock.advance(3 * MINUTE_MS);
    device(b).clock.advance(3 * MINUTE_MS);
    await tickUntil(b, 'the shift to be closed', () => lastCloseDone(b));
    expect(device(b).state.shift.open).toBe(false);
    expect(device(b).archive().at(-1)?.kind).toBe('shift_close');
    const shifts = (
      await b.asAdmin({ method: 'GET', url: `/api/v1/registers/${b.devices[0]!.registerId}/shifts` })
    ).json();
    expect(shifts.items[0]).toMatchObject({ number: 1, closed_at: expect.any(String) });
    const [entry] = shiftCloseAudit(b);
    expect(entry).toMatchObject({ after: { reason: 'close_time', shift_number: 1 } });
    expect(entry!.actor).toEqual({ kind: 'system', name: 'lifecycle' });

    // The next receipt opens a new shift, which the same close time leaves alone until tomorrow.
    await b.payOk(payment());
    await b.drain();
    b.deps.lifecycle.tick(b.clock.now());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(device(b).state.shift).toMatchObject({ open: true, number: 2 });
    expect(await b.checkInvariants()).toMatchObject({ receipts: 2 });
  });

  it('closes a shift that reached shift_max_hours, before the FN 24-hour limit', async () => {
    const b = await boxes.warm();
    b.clock.advance(22 * HOUR_MS);
    b.deps.lifecycle.tick(b.clock.now());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(device(b).state.shift.open).toBe(true);
    b.clock.advance(31 * MINUTE_MS);
    await tickUntil(b, 'the old shift to be closed', () => lastCloseDone(b));
    expect(device(b).state.shift.open).toBe(false);
    expect(shiftCloseAudit(b)[0]).toMatchObject({ after: { reason: 'max_age' } });
  });

  it('catches up at start: a close time that passed while the box was off closes the shift', async () => {
    const b = await boxes.warm();
    expect((await patchSettings(b, { shift_close_time: closeTimeAhead(b, 2) })).statusCode).toBe(200);
    b.clock.advance(10 * HOUR_MS); // the box was off over the close time
    b.deps.lifecycle.start();
    try {
      await b.waitFor('the missed close to run', () => lastCloseDone(b));
    } finally {
      await b.deps.lifecycle.stop();
    }
    expect(shiftCloseAudit(b)[0]).toMatchObject({ after: { reason: 'close_time' } });
  });
});

describe('FN replacement', () => {
  it('closes the shift and is ready only when the OFD has every document', async () => {
    const b = await boxes.start();
    const { registerId } = b.devices[0]!;
    device(b).ofd.setOnline(false);
    await b.payOk(payment());
    await b.drain();
    const prepare = () =>
      b.asAdmin({ method: 'POST', url: `/api/v1/registers/${registerId}/fn-replacement/prepare` });

    const first = await prepare();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      ready: false,
      shift_closed: true,
      z_report: { shift_number: 1 },
      ofd_unsent_count: device(b).state.unsentFdNumbers.length,
    });
    expect(first.json().ofd_unsent_count).toBeGreaterThan(0);
    expect(first.json().message).toMatch(/not yet confirmed by the OFD/);
    expect(device(b).state.shift.open).toBe(false);

    device(b).ofd.setOnline(true);
    device(b).ofd.deliverAll();
    const second = await prepare();
    expect(second.json()).toMatchObject({
      ready: true,
      shift_closed: true,
      z_report: null,
      ofd_unsent_count: 0,
    });

    const audit = await b.asAdmin({
      method: 'GET',
      url: `/api/v1/audit?entity=register&entity_id=${registerId}&action=register.fn_replacement_prepare`,
    });
    expect(audit.json().items.map((e: { after: { ready: boolean } }) => e.after.ready)).toEqual([
      true,
      false,
    ]);
  });
});
