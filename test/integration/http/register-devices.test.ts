// The devices behind registers through the API, against the Shtrih simulator over TCP: live status,
// shifts opened and closed by hand, X-reports (all audited), a device that is down, a disabled register.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShtrihSimulator } from '../../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { type PaymentBox, shtrihRegistrars, startPaymentBox } from '../../helpers/payment-box.ts';

let box: PaymentBox;
let simulator: ShtrihSimulator;
let registerId: number;
beforeEach(async () => {
  simulator = new ShtrihSimulator();
  const device = await simulator.start();
  box = await startPaymentBox({ registrarFactory: shtrihRegistrars });
  registerId = await box.addRegister('Касса 1', device);
  box.api.deps.pipeline.start();
});
afterEach(async () => {
  await box.close();
  await simulator.stop();
});

const get = (url: string) => box.api.asAdmin({ method: 'GET', url });
const post = (url: string) => box.api.asAdmin({ method: 'POST', url });
const auditActions = async () =>
  (await get(`/api/v1/audit?entity=register&entity_id=${registerId}`))
    .json()
    .items.map((entry: { action: string }) => entry.action);

describe('register status', () => {
  it('reads the device now: online, with its shift, FN and OFD fields', async () => {
    const response = await get(`/api/v1/registers/${registerId}/status`);
    expect(response.statusCode, response.body).toBe(200);
    const status = response.json();
    expect(status).toMatchObject({ register_id: registerId, online: true, last_error: null });
    expect(status.read_at).toBe('2026-11-22T10:00:00.000Z');
    expect(status.device).toMatchObject({
      model: 'PAYONLINE-01-ФА',
      shift_state: 'closed',
      shift_number: 0,
      document_open: false,
      paper: 'present',
      fn_number: simulator.state.fnNumber,
      fn_last_fd_number: simulator.state.lastFdNumber,
      fn_valid_until: simulator.state.validUntil,
      fn_warnings: [],
      ofd_unsent_count: 0,
      ofd_oldest_unsent_time: null,
    });
    expect(status.device.device_clock).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

    // A receipt later, the status shows it at once.
    const payment = await box.accept();
    await box.waitForReceipt(payment.id);
    const after = (await get(`/api/v1/registers/${registerId}/status`)).json();
    expect(after.device).toMatchObject({ shift_state: 'open', shift_number: 1, fn_last_fd_number: 3 });
  });

  it('answers online=false with the last error when the device is down, keeping the last known state', async () => {
    const online = (await get(`/api/v1/registers/${registerId}/status`)).json();
    await simulator.stop();
    const response = await get(`/api/v1/registers/${registerId}/status`);
    expect(response.statusCode).toBe(200);
    const status = response.json();
    expect(status).toMatchObject({ register_id: registerId, online: false, read_at: online.read_at });
    expect(status.last_error).toMatch(/connection/i);
    expect(status.device).toEqual(online.device);
  });

  it('a register whose device never answered: online=false, no device fields', async () => {
    const nowhere = new ShtrihSimulator();
    const { port } = await nowhere.start();
    await nowhere.stop();
    const deadId = await box.addRegister('Касса 2', { port });
    const status = (await get(`/api/v1/registers/${deadId}/status`)).json();
    expect(status).toMatchObject({ register_id: deadId, online: false, read_at: null, device: null });
    expect(status.last_error).toMatch(/connect/i);
  });
});

describe('shifts and X-reports by hand', () => {
  it('opens a shift, prints an X-report, closes the shift (Z-report), each audited', async () => {
    const opened = await post(`/api/v1/registers/${registerId}/shift/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ shift_number: 1, fd_number: 2 });
    expect(opened.json().fiscal_sign).toBe(String(simulator.document(2)!.fiscalSign));
    expect(simulator.state.shift).toMatchObject({ number: 1, open: true });

    const printouts = simulator.paper.printouts.length;
    const report = await post(`/api/v1/registers/${registerId}/x-report`);
    expect(report.statusCode).toBe(200);
    expect(report.json()).toEqual({ printed: true });
    expect(simulator.paper.printouts.length).toBe(printouts + 1);
    expect(simulator.state.lastFdNumber).toBe(2);

    const closed = await post(`/api/v1/registers/${registerId}/shift/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ shift_number: 1, fd_number: 3 });
    expect(simulator.document(3)).toMatchObject({ kind: 'shift_close', shiftNumber: 1 });
    expect(simulator.state.shift.open).toBe(false);

    const shifts = (await get(`/api/v1/registers/${registerId}/shifts`)).json().items;
    expect(shifts).toEqual([
      expect.objectContaining({
        fn_number: simulator.state.fnNumber,
        number: 1,
        open_fd_number: 2,
        close_fd_number: 3,
      }),
    ]);
    expect(shifts[0].opened_at).not.toBeNull();
    expect(shifts[0].closed_at).not.toBeNull();

    expect(await auditActions()).toEqual([
      'register.shift_close',
      'register.x_report',
      'register.shift_open',
      'register.create',
    ]);
    const audit = (await get(`/api/v1/audit?action=register.shift_close`)).json().items[0];
    expect(audit).toMatchObject({
      actor: { kind: 'user', name: 'admin' },
      entity_id: String(registerId),
      after: { shift_number: 1, fd_number: 3 },
    });
  });

  it('passes the device refusal on as 502 device_error and audits nothing', async () => {
    const closed = await post(`/api/v1/registers/${registerId}/shift/close`);
    expect(closed.statusCode).toBe(502);
    expect(closed.json().error).toEqual({
      code: 'device_error',
      message: 'Refused before sending: the shift is closed (mode 4)',
    });
    await post(`/api/v1/registers/${registerId}/shift/open`);
    const again = await post(`/api/v1/registers/${registerId}/shift/open`);
    expect(again.statusCode).toBe(502);
    expect(again.json().error).toEqual({
      code: 'device_error',
      message: 'Refused before sending: the shift is already open (mode 2)',
    });
    expect(await auditActions()).toEqual(['register.shift_open', 'register.create']);
  });

  it('a disabled register is 409 register_unavailable; unknown ids 404; API tokens 403', async () => {
    const disabledId = await box.addRegister('Касса 3', { enabled: false });
    for (const action of ['shift/open', 'shift/close', 'x-report']) {
      const response = await post(`/api/v1/registers/${disabledId}/${action}`);
      expect(response.statusCode, action).toBe(409);
      expect(response.json().error).toEqual({
        code: 'register_unavailable',
        message: `Register ${disabledId} is not running (disabled or unknown)`,
      });
    }
    // Its device is not asked; the status says why it is offline.
    const status = (await get(`/api/v1/registers/${disabledId}/status`)).json();
    expect(status).toEqual({
      register_id: disabledId,
      online: false,
      read_at: null,
      last_error: 'the register is disabled',
      device: null,
      clock_drift_seconds: null,
      fn_forecast: null,
    });

    const unknown = [
      get('/api/v1/registers/4242/status'),
      get('/api/v1/registers/4242/shifts'),
      post('/api/v1/registers/4242/shift/open'),
      post('/api/v1/registers/4242/shift/close'),
      post('/api/v1/registers/4242/x-report'),
    ];
    for (const response of await Promise.all(unknown)) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toEqual({ code: 'not_found', message: 'register 4242 does not exist' });
    }
    const byToken = await box.asSource({ method: 'POST', url: `/api/v1/registers/${registerId}/x-report` });
    expect(byToken.statusCode).toBe(403);
    expect(
      (await box.api.app.inject({ method: 'GET', url: `/api/v1/registers/${registerId}/status` })).statusCode,
    ).toBe(401);
    expect(simulator.state.lastFdNumber).toBe(1);
  });
});
