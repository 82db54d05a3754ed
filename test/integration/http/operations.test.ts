// The operations API over a whole box with a simulated PAYONLINE-01-ФА (docs/api.md "Operations
// API"): settings, the dashboard, statistics, the receipt detail and the payment search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardJson } from '../../../app/http/schemas/operations.ts';
import type { PaymentListJson, ReceiptJson } from '../../../app/http/schemas/payment.ts';
import type { ReceiptDetailJson } from '../../../app/http/schemas/receipt-detail.ts';
import { localDay } from '../../../app/operations/box-days.ts';
import { createUser } from '../../helpers/api-fixtures.ts';
import { logIn } from '../../helpers/api-harness.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';

/**
 * A fixed-offset zone where it is around noon now, so "today" cannot roll over between a receipt and
 * the dashboard read, whenever the test runs.
 */
function zoneAtNoon(): string {
  const utcHour = new Date().getUTCHours();
  const offset = ((12 - utcHour + 36) % 24) - 12; // −12 … +11
  // Etc/GMT signs are inverted (POSIX): Etc/GMT-3 is UTC+3.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describe('the operations API', () => {
  let box: Box;
  let zone: string;
  let today: string;
  const amounts = [150_000, 25_050, 9_900];
  const paymentIds: number[] = [];

  beforeAll(async () => {
    box = await startBoxWithSimulator();
    zone = zoneAtNoon();
    const patched = await box.asAdmin({
      method: 'PATCH',
      url: '/api/v1/settings',
      payload: { timezone: zone },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    today = localDay(box.clock.now(), zone);
    for (const [i, amount] of amounts.entries()) {
      paymentIds.push(
        await box.payOk({
          external_id: `ops-${i}`,
          account: i === 1 ? '777' : '100200',
          amount_kopecks: amount,
          ...(i === 1 ? { method: 'cash' as const, customer_contact: '+79991234567' } : {}),
        }),
      );
    }
    await box.drain();
    // A fresh status read, after the shift was opened for the first receipt.
    const status = await box.asAdmin({
      method: 'GET',
      url: `/api/v1/registers/${box.devices[0]!.registerId}/status`,
    });
    expect(status.statusCode, status.body).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await box?.close();
  });

  describe('settings', () => {
    // The lifecycle's settings (issue 4) at their defaults; test/integration/lifecycle/ changes them.
    const lifecycle = { status_poll_seconds: 60, shift_close_time: null, shift_max_hours: 22.5 };
    it('refuses a time zone the runtime does not know and changes nothing', async () => {
      const response = await box.asAdmin({
        method: 'PATCH',
        url: '/api/v1/settings',
        payload: { timezone: 'Europe/Atlantis' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].path).toBe('/timezone');
      const current = await box.asAdmin({ method: 'GET', url: '/api/v1/settings' });
      expect(current.json()).toEqual({ box_name: 'KassaBox', timezone: zone, ...lifecycle });
    });

    it('renames the box, keeps the zone, and audits before and after', async () => {
      const response = await box.asAdmin({
        method: 'PATCH',
        url: '/api/v1/settings',
        payload: { box_name: 'Офис на Ленина' },
      });
      expect(response.json()).toEqual({ box_name: 'Офис на Ленина', timezone: zone, ...lifecycle });
      const audit = await box.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=settings' });
      const [last] = audit.json().items;
      expect(last.action).toBe('settings.update');
      expect(last.before).toEqual({ box_name: 'KassaBox', timezone: zone, ...lifecycle });
      expect(last.after).toEqual({ box_name: 'Офис на Ленина', timezone: zone, ...lifecycle });
    });

    it('refuses an empty change and unknown fields', async () => {
      for (const payload of [{}, { colour: 'red' }]) {
        const response = await box.asAdmin({ method: 'PATCH', url: '/api/v1/settings', payload });
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      }
    });
  });

  describe('the dashboard', () => {
    it('shows the register as its last status read left it, and today’s receipts', async () => {
      const response = await box.asAdmin({ method: 'GET', url: '/api/v1/dashboard' });
      expect(response.statusCode, response.body).toBe(200);
      const dashboard = response.json() as DashboardJson;
      const device = box.devices[0]!;
      expect(dashboard.timezone).toBe(zone);
      expect(dashboard.receipts_today).toEqual({ count: 3, sum_kopecks: 150_000 + 25_050 + 9_900 });
      expect(dashboard.queue).toEqual({
        pending: 0,
        sending: 0,
        outcome_unknown: 0,
        failed: 0,
        oldest_pending_at: null,
      });
      const [line] = dashboard.registers;
      const shifts = await box.asAdmin({
        method: 'GET',
        url: `/api/v1/registers/${device.registerId}/shifts`,
      });
      expect(line).toMatchObject({
        id: device.registerId,
        name: device.name,
        organization_id: device.organizationId,
        enabled: true,
        online: true,
        last_error: null,
        shift_state: 'open',
        shift_opened_at: shifts.json().items[0].opened_at,
        paper: 'present',
        ofd_unsent_count: expect.any(Number),
        receipts_today: 3,
      });
      const status = await box.asAdmin({
        method: 'GET',
        url: `/api/v1/registers/${device.registerId}/status`,
      });
      const fn = status.json().device;
      expect(line?.fn_valid_until).toBe(fn.fn_valid_until);
      expect(line?.fn_days_left).toBeGreaterThan(0);
      expect(line?.fn_free_documents).toBe(fn.fn_free_documents);
      expect(fn.fn_free_documents).toBeGreaterThan(0);
      const used = fn.fn_last_fd_number;
      expect(line?.fn_fill_percent).toBe(Math.round((used / (used + fn.fn_free_documents)) * 1000) / 10);
    });
  });

  describe('statistics', () => {
    it('counts receipts per day and register in the box time zone', async () => {
      const response = await box.asAdmin({
        method: 'GET',
        url: `/api/v1/stats/receipts-per-day?from=${today}&to=${today}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().items).toEqual([
        { day: today, register_id: box.devices[0]!.registerId, count: 3, sum_kopecks: 184_950 },
      ]);
      const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const before = await box.asAdmin({
        method: 'GET',
        url: `/api/v1/stats/receipts-per-day?from=${yesterday}&to=${yesterday}`,
      });
      expect(before.json().items).toEqual([]);
    });

    it('caps the range at 366 days and refuses a reversed or impossible one', async () => {
      const cases: [string, RegExp][] = [
        ['from=2025-01-01&to=2026-01-02', /367 days.*at most 366/],
        ['from=2026-02-01&to=2026-01-31', /before from/],
        ['from=2026-02-30&to=2026-03-01', /calendar day/],
        ['from=2026-01-01', /to/],
      ];
      for (const [query, message] of cases) {
        const response = await box.asAdmin({ method: 'GET', url: `/api/v1/stats/receipts-per-day?${query}` });
        expect(response.statusCode, query).toBe(400);
        expect(response.json().error.message, query).toMatch(message);
      }
      const year = await box.asAdmin({
        method: 'GET',
        url: '/api/v1/stats/receipts-per-day?from=2025-01-01&to=2026-01-01',
      });
      expect(year.statusCode, '366 days are allowed').toBe(200);
    });

    it('shows the FN fill samples of the register', async () => {
      const device = box.devices[0]!;
      const response = await box.asAdmin({
        method: 'GET',
        url: `/api/v1/stats/fn-fill?register_id=${device.registerId}&from=${today}&to=${today}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      const { items } = response.json();
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items[0]).toMatchObject({ register_id: device.registerId, fn_number: device.fnNumber });
      const other = await box.asAdmin({
        method: 'GET',
        url: `/api/v1/stats/fn-fill?register_id=${device.registerId + 100}&from=${today}&to=${today}`,
      });
      expect(other.json().items).toEqual([]);
    });
  });

  describe('receipts', () => {
    it('shows every stored fiscal field, the document as sent and the FNS QR string of the receipt', async () => {
      const payment = await box.payment(paymentIds[1]!);
      const list = await box.asAdmin({ method: 'GET', url: `/api/v1/receipts?payment_id=${paymentIds[1]}` });
      const items = list.json().items as ReceiptJson[];
      expect(items.map((r) => r.payment_id)).toEqual([paymentIds[1]]);
      const id = items[0]!.id;
      const response = await box.asAdmin({ method: 'GET', url: `/api/v1/receipts/${id}` });
      const receipt = response.json() as ReceiptJson;
      expect(receipt.fd_number).toBe(payment.receipt?.fd_number);
      expect(receipt.total_kopecks).toBe(25_050);
      expect(receipt.created_at).toMatch(/Z$/);
      expect(receipt.prev_hash).toMatch(/^[0-9a-f]{64}$/);
      const t = receipt.device_time.slice(0, 16).replace(/[-:]/g, '');
      expect(receipt.qr).toBe(
        `t=${t}&s=250.50&fn=${receipt.fn_number}&i=${receipt.fd_number}&fp=${BigInt(receipt.fiscal_sign)}&n=1`,
      );
      const device = box.devices[0]!;
      // What was fiscalized, and by whom: taken from the job and the organization, not from the form.
      const organization = (
        await box.asAdmin({ method: 'GET', url: `/api/v1/organizations/${device.organizationId}` })
      ).json();
      const detail = response.json() as ReceiptDetailJson;
      expect(detail.organization).toEqual({
        id: organization.id,
        name: organization.name,
        inn: organization.inn,
      });
      expect(detail.register_name).toBe(
        (await box.asAdmin({ method: 'GET', url: `/api/v1/registers/${device.registerId}` })).json().name,
      );
      expect(detail.document).toMatchObject({
        cash_kopecks: 25_050,
        electronic_kopecks: 0,
        tax_system: organization.tax_system,
        customer_contact: '+79991234567',
      });
      expect(detail.document?.items).toEqual([
        expect.objectContaining({ price_kopecks: 25_050, quantity: 1, name: expect.stringMatching(/\S/) }),
      ]);
    });
  });

  describe('who may use it', () => {
    it('lets every role read the dashboard and settings, only admins change settings', async () => {
      const as = async (role: 'technician' | 'cashier' | 'viewer') => {
        const password = `${role} password 1`;
        await createUser(box, { username: `ops-${role}`, role, password });
        return logIn(box.app, `ops-${role}`, { password });
      };
      const expectations: [Awaited<ReturnType<typeof as>>, string, string, number][] = [];
      const technician = await as('technician');
      const cashier = await as('cashier');
      const viewer = await as('viewer');
      for (const who of [technician, cashier, viewer]) {
        expectations.push([who, 'GET', '/api/v1/dashboard', 200], [who, 'GET', '/api/v1/settings', 200]);
        expectations.push([who, 'PATCH', '/api/v1/settings', 403]);
      }
      expectations.push(
        [viewer, 'GET', `/api/v1/stats/receipts-per-day?from=${today}&to=${today}`, 200],
        [cashier, 'GET', `/api/v1/stats/receipts-per-day?from=${today}&to=${today}`, 403],
        [viewer, 'POST', '/api/v1/registers/test-connection', 403],
        [cashier, 'POST', '/api/v1/registers/test-connection', 403],
      );
      for (const [headers, method, url, status] of expectations) {
        const response = await box.app.inject({
          method: method as 'GET',
          url,
          headers: { ...headers },
          ...(method === 'GET' ? {} : { payload: { timezone: 'UTC' } }),
        });
        expect(response.statusCode, `${method} ${url}`).toBe(status);
      }
    });
  });

  describe('the payment search', () => {
    it('pages newest first with a cursor; the total counts every match on every page', async () => {
      const first = await box.asAdmin({ method: 'GET', url: '/api/v1/payments?limit=2' });
      const page1 = first.json() as PaymentListJson;
      expect(page1.items.map((p) => p.id)).toEqual([paymentIds[2], paymentIds[1]]);
      expect(page1.total).toBe(3);
      expect(page1.next_cursor).not.toBeNull();
      const second = await box.asAdmin({
        method: 'GET',
        url: `/api/v1/payments?limit=2&cursor=${page1.next_cursor}`,
      });
      const page2 = second.json() as PaymentListJson;
      expect(page2.items.map((p) => p.id)).toEqual([paymentIds[0]]);
      expect(page2.total).toBe(3);
      expect(page2.next_cursor).toBeNull();
    });

    it('filters by a day of the box time zone or by instants, and by account and amount', async () => {
      const search = async (query: string) => {
        const response = await box.asAdmin({ method: 'GET', url: `/api/v1/payments?${query}` });
        expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
        return (response.json() as PaymentListJson).items.map((p) => p.id);
      };
      expect(await search(`from=${today}&to=${today}`)).toHaveLength(3);
      const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(await search(`from=${tomorrow}`)).toEqual([]);
      const later = new Date(box.clock.now().getTime() + 60_000).toISOString();
      expect(await search(`to=${encodeURIComponent(later)}`)).toHaveLength(3);
      expect(await search('account=777')).toEqual([paymentIds[1]]);
      expect(await search('amount_kopecks=9900')).toEqual([paymentIds[2]]);
      expect(await search('external_id=ops-0')).toEqual([paymentIds[0]]);
      const bad = await box.asAdmin({ method: 'GET', url: '/api/v1/payments?from=2026-11-22T10:00:00' });
      expect(bad.statusCode, 'an instant without a zone is ambiguous').toBe(400);
    });
  });
});
