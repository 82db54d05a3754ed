// The office cash desk on a box as `make run` starts it, once the simulated register is added: a cashier logs in with a PIN, takes a cash
// payment on the register assigned to them, sees the receipt with its QR code and prints a copy; a
// double submit makes one payment, not two.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentListJson } from '../../app/http/schemas/payment.ts';
import type { BoxClient } from '../helpers/box-process.ts';
import { DEMO_REGISTER_NAME, type E2eBox, screenshot, startE2eBox } from './harness.ts';

const cashier = { username: 'kassir', password: 'kassir-password-1', pin: '4321' };

let box: E2eBox;
let admin: BoxClient;
let page: Page;

beforeAll(async () => {
  box = await startE2eBox({ admin: 'env', simulator: 'embedded', register: true });
  admin = await box.admin();
  const created = await admin.call('POST', '/users', {
    ...cashier,
    role: 'cashier',
    display_name: 'Иванова И.И.',
    register_ids: [box.registerId!],
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  page = await box.newPage();
});

afterAll(async () => {
  await box?.close();
});

async function paymentsOf(account: string) {
  return (await admin.call<PaymentListJson>('GET', `/payments?account=${account}`)).json.items;
}

describe('cash desk', () => {
  it('lets a cashier log in with a PIN and lands on a form for their register', async () => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Войти по PIN-коду (кассир)' }).click();
    await page.getByLabel('Имя пользователя').fill(cashier.username);
    await page.getByLabel('PIN-код').fill(cashier.pin);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();

    await page.getByRole('link', { name: 'Касса', exact: true }).click();
    await page.getByRole('heading', { name: 'Касса', exact: true }).waitFor();
    // The only register assigned is chosen without asking, and the account field has the focus.
    expect(await page.locator('#cd-register').textContent()).toBe(DEMO_REGISTER_NAME);
    expect(await page.evaluate('document.activeElement?.id')).toBe('cd-account');
    await screenshot(page, 'cash-desk');
  });

  it('refuses an empty form without sending anything', async () => {
    await page.getByRole('button', { name: 'Принять оплату' }).click();
    await page.getByText('Введите лицевой счёт').waitFor();
    await page.getByText('Введите сумму').waitFor();
    expect(await paymentsOf('300400')).toEqual([]);
  });

  it('takes a cash payment and shows its receipt with the QR code, once for a double click', async () => {
    await page.getByLabel('Лицевой счёт').fill('300400');
    await page.getByLabel('Сумма').fill('1 250,50');
    await page.getByText(/К оплате: 1.250,50.₽/).waitFor(); // non-breaking spaces in money
    await page.getByLabel('Наличными').check();
    await page.getByLabel('Телефон или e-mail покупателя').fill('+7 999 123-45-67');
    // A double submit in one tick (a double click, Enter held down): the second must not post again.
    await page.evaluate(
      '{ const form = document.querySelector(\'form[aria-label="Новый платёж"]\'); form.requestSubmit(); form.requestSubmit(); }',
    );

    await page.getByText('Чек выдан.').waitFor({ timeout: 30_000 });
    const payments = await paymentsOf('300400');
    expect(payments).toHaveLength(1);
    const payment = payments[0]!;
    expect(payment).toMatchObject({ amount_kopecks: 125050, method: 'cash', status: 'fiscalized' });

    const qr = page.getByRole('img', { name: /^QR-код чека/ }).first();
    expect(await qr.getAttribute('aria-label')).toBe(`QR-код чека: ${payment.receipt!.qr}`);
    const copy = page.getByRole('article', { name: `Копия чека ФД ${payment.receipt!.fd_number}` }).first();
    await copy.getByText(payment.receipt!.fiscal_sign).waitFor();
    await copy.getByText('Наличными').waitFor();
    // The cashier may not read organizations, yet the copy names the seller: it comes with the receipt.
    await copy.getByText('ИНН 7707083893').waitFor();
    await copy.getByText('+79991234567').waitFor();
    // «Новый платёж» has the focus: Enter starts the next customer.
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Новый платёж');
    await screenshot(page, 'cash-desk-receipt');
  });

  it('prints only the receipt copy', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.getByRole('heading', { name: 'Касса', exact: true }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Принять оплату' }).isVisible()).toBe(false);
      const printed = page.locator('body > .receipt-print-area');
      expect(await printed.isVisible()).toBe(true);
      expect((await printed.boundingBox())!.width).toBeLessThan(300); // 72 mm, a slip
      await screenshot(page, 'cash-desk-print');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('starts a fresh form (and a new request id) with «Новый платёж»', async () => {
    // (The print emulation above hid the focused button, so this clicks what Enter would press.)
    await page.getByRole('button', { name: 'Новый платёж' }).click();
    await page.getByText('Чек появится здесь').waitFor();
    expect(await page.getByLabel('Лицевой счёт').inputValue()).toBe('');
    await page.getByLabel('Лицевой счёт').fill('300400');
    await page.getByLabel('Сумма').fill('10');
    await page.keyboard.press('Enter');
    await page.getByText('Чек выдан.').waitFor({ timeout: 30_000 });
    // Same account and amount as a new customer: a second payment, not the first one again.
    expect(await paymentsOf('300400')).toHaveLength(2);
  });
});
