// Issue 3's "Done when", as one story in one browser session: a technician who has never seen KassaBox
// starts it as `make run` does (embedded simulator, no user, no register), sets the admin password, adds
// the simulated register with the numbers the start-up banner gives, watches a billing payment become a
// receipt, takes a cash payment at the cash desk and closes the shift. Each step is a screenshot
// (journey-<n>-<step>.png) and each ends on what the technician sees and what the API says happened.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banner } from '../../app/banner.ts';
import type { PaymentJson, PaymentListJson } from '../../app/http/schemas/payment.ts';
import type { ShiftListJson } from '../../app/http/schemas/register-status.ts';
import { ADMIN_PASSWORD, type E2eBox, eventually, screenshot, startE2eBox } from './harness.ts';

const REGISTER = 'Касса офис';

let box: E2eBox;
let page: Page;
let step = 0;
/** Where the banner says the simulated register listens. */
let simulatorAt: { host: string; port: string };
let registerId: number;
/** Posted by the billing before any register existed; it must wait, not be lost. */
let early: PaymentJson;

beforeAll(async () => {
  box = await startE2eBox({ admin: 'setup', simulator: 'embedded' });
  page = await box.newPage();
});

afterAll(async () => {
  await box?.close();
});

async function shot(name: string): Promise<void> {
  step += 1;
  await screenshot(page, `journey-${step}-${name}`);
}

/** A payment as the billing posts it: over HTTP with the demo source's token, no browser involved. */
async function billingPays(externalId: string, account: string, kopecks: number): Promise<PaymentJson> {
  const answer = await fetch(`${box.url}/api/v1/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await box.demoToken()}` },
    body: JSON.stringify({ external_id: externalId, account, amount_kopecks: kopecks }),
  });
  const body = (await answer.json()) as PaymentJson;
  expect(answer.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function paymentOf(account: string): Promise<PaymentJson | undefined> {
  const admin = await box.admin();
  return (await admin.call<PaymentListJson>('GET', `/payments?account=${account}`)).json.items[0];
}

async function fiscalized(account: string): Promise<PaymentJson> {
  return eventually(async () => {
    const payment = await paymentOf(account);
    return payment?.status === 'fiscalized' ? payment : undefined;
  }, `the payment of account ${account} to be fiscalized`);
}

describe('a technician from `make run` to a closed shift', () => {
  it('is told by the start-up banner to set the password and where the simulated register is', async () => {
    const lines = banner(box.server);
    expect(lines).toContain(`First run: open ${box.url} to set the admin password`);
    const asked =
      /Simulated PAYONLINE-01-ФА on ([\d.]+):(\d+) — add it in the web UI: Кассы \(ККТ\) → Добавить кассу \(host ([\d.]+), port (\d+), password 30\)/.exec(
        lines,
      );
    expect(asked, lines).not.toBeNull();
    const [, host, port, formHost, formPort] = asked!;
    expect([formHost, formPort]).toEqual([host, port]);
    simulatorAt = { host: formHost!, port: formPort! };
    expect(lines).toMatch(/Demo source API token: .*demo-source-token/);
    // The billing is already configured with the demo token and sends a payment before anything else.
    early = await billingPays('abills-5001', '100201', 150_000);
    expect(early.status).toBe('accepted');
  });

  it('sets the admin password on the first visit', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByLabel('Пароль', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Пароль ещё раз').fill(ADMIN_PASSWORD);
    await shot('setup');
    await page.getByRole('button', { name: 'Создать администратора' }).click();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
  });

  it('is asked for a register on the dashboard, and told the early payment waits', async () => {
    const registers = page.getByRole('region', { name: 'Кассы', exact: true });
    await registers.getByText('Добавьте кассу', { exact: true }).waitFor();
    await registers.getByText('Принятые платежи ждут в очереди (сейчас: 1)').waitFor();
    await page.locator('[data-status="live"]').waitFor();
    await shot('dashboard-empty');
    await registers.getByRole('link', { name: 'Добавить кассу' }).click();
  });

  it('adds the simulated register with the banner’s host and port, after testing the connection', async () => {
    const form = page.getByRole('form', { name: 'Новая касса' });
    await form.getByLabel('Название').fill(REGISTER);
    await form.getByLabel('IP-адрес или имя').fill(simulatorAt.host);
    await form.getByLabel('Порт').fill(simulatorAt.port);
    await form.getByLabel('Пароль оператора').fill('30');
    await form.getByRole('button', { name: 'Проверить связь' }).click();
    await form.getByText('Связь есть.').waitFor();
    await shot('register-form');

    await form.getByRole('button', { name: 'Добавить кассу' }).click();
    await page.waitForURL(/\/registers\/\d+$/);
    registerId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: REGISTER }).waitFor();
    await page.getByRole('region', { name: 'Состояние кассы' }).getByText('На связи').waitFor();
    await shot('register');
    // The banner no longer asks for a register once one talks to the simulator.
    expect(banner(box.server)).not.toContain('add it in the web UI');
  });

  it('turns the waiting payment and a new billing payment into receipts, live on the dashboard', async () => {
    const first = await fiscalized('100201');
    expect(first.id).toBe(early.id);
    expect(first.receipt?.register_id).toBe(registerId);

    await page.getByRole('link', { name: 'Обзор' }).click();
    await page.locator('[data-status="live"]').waitFor();
    const today = page.getByRole('group', { name: 'Чеков сегодня' });
    await today.getByText('1', { exact: true }).waitFor();
    await billingPays('abills-5002', '100202', 89_900);
    // Live: the page is not reloaded, the server's events bring the second receipt.
    await today.getByText('2', { exact: true }).waitFor({ timeout: 30_000 });
    await today.getByText(/2\s399,00/).waitFor();
    await page.getByRole('article', { name: REGISTER }).getByText('На связи').waitFor();
    await shot('dashboard-receipts');
    expect((await fiscalized('100202')).receipt?.register_id).toBe(registerId);
  });

  it('opens the receipt with its fiscal sign and QR code from «Платежи и чеки»', async () => {
    const payment = await fiscalized('100202');
    const receipt = payment.receipt!;
    await page.getByRole('link', { name: 'Платежи и чеки' }).click();
    await page
      .getByRole('row', { name: /100202/ })
      .getByRole('link', { name: `ФД ${receipt.fd_number}` })
      .click();
    const copy = page.getByRole('article', { name: `Копия чека ФД ${receipt.fd_number}` });
    await copy.getByText(receipt.fiscal_sign).waitFor();
    const qr = copy.getByRole('img', { name: /^QR-код чека/ });
    expect(await qr.getAttribute('aria-label')).toBe(`QR-код чека: ${receipt.qr}`);
    expect(await qr.locator('path, rect').count()).toBeGreaterThan(0);
    await shot('receipt');
  });

  it('takes a cash payment at the cash desk and shows its receipt', async () => {
    await page.getByRole('link', { name: 'Касса', exact: true }).click();
    await page.getByRole('heading', { name: 'Касса', exact: true }).waitFor();
    expect(await page.locator('#cd-register').textContent()).toBe(REGISTER);
    await page.getByLabel('Лицевой счёт').fill('300400');
    await page.getByLabel('Сумма').fill('500');
    await page.getByLabel('Наличными').check();
    await page.getByRole('button', { name: 'Принять оплату' }).click();
    await page.getByText('Чек выдан.').waitFor({ timeout: 30_000 });

    const payment = await fiscalized('300400');
    expect(payment).toMatchObject({ amount_kopecks: 50_000, method: 'cash' });
    expect(payment.receipt?.register_id).toBe(registerId);
    const copy = page.getByRole('article', { name: `Копия чека ФД ${payment.receipt!.fd_number}` }).first();
    await copy.getByText(payment.receipt!.fiscal_sign).waitFor();
    await copy.getByText('Наличными').waitFor();
    await shot('cash-desk');
  });

  it('closes the shift with a Z-report on the register page', async () => {
    await page.getByRole('link', { name: 'Кассы (ККТ)' }).click();
    await page.getByRole('link', { name: REGISTER }).click();
    await page.waitForURL(`**/registers/${registerId}`);
    await page.getByRole('button', { name: 'Закрыть смену (Z-отчёт)' }).click();
    await page
      .getByRole('dialog', { name: 'Закрыть смену?' })
      .getByRole('button', { name: 'Закрыть смену' })
      .click();
    await page.getByText(/Смена № \d+ закрыта/).waitFor({ timeout: 30_000 });

    const admin = await box.admin();
    const shifts = await eventually(async () => {
      const { json } = await admin.call<ShiftListJson>('GET', `/registers/${registerId}/shifts`);
      return json.items[0]?.closed_at ? json.items : undefined;
    }, 'the shift to be recorded as closed');
    const shift = shifts[0]!;
    expect(shift.close_fd_number).not.toBeNull();
    // The shift list on the page shows that shift closed, not «открыта».
    const row = page
      .getByRole('table', { name: 'Смены' })
      .getByRole('row')
      .filter({ hasText: `№ ${shift.number}` });
    await row.getByText(`${shift.open_fd_number} / ${shift.close_fd_number}`).waitFor();
    await expect(row.getByText('открыта').count()).resolves.toBe(0);
    await page
      .getByRole('region', { name: 'Состояние кассы' })
      .getByText(/закрыта/)
      .first()
      .waitFor();
    await shot('shift-closed');
  });
});
