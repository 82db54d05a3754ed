// The admin's set-up and look-up screens on a box as `make run` starts it, with the simulated register
// added: payments and receipts found
// by search, an organization added, a source token issued and shown exactly once (and working), a
// cashier added with a PIN, the audit trail's before/after, settings, and the report charts. Each
// screen is saved as a screenshot.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentJson } from '../../app/http/schemas/payment.ts';
import {
  ADMIN_PASSWORD,
  DEMO_REGISTER_NAME,
  type E2eBox,
  eventually,
  logInThroughForm,
  screenshot,
  startE2eBox,
} from './harness.ts';

let box: E2eBox;
let page: Page;
let receiptPayment: PaymentJson;

beforeAll(async () => {
  box = await startE2eBox({ admin: 'env', simulator: 'embedded', register: true });
  const admin = await box.admin();
  const token = await box.demoToken();
  for (const [i, kopecks] of [150000, 89900, 230050].entries()) {
    const posted = await admin.call<PaymentJson>(
      'POST',
      '/payments',
      { external_id: `abills-${1001 + i}`, account: `10020${i}`, amount_kopecks: kopecks },
      token,
    );
    expect(posted.status).toBe(201);
  }
  receiptPayment = await eventually(async () => {
    const { json } = await admin.call<PaymentJson>('GET', '/payments/3');
    return json.receipt ? json : undefined;
  }, 'the third receipt');
  page = await box.newPage();
  await logInThroughForm(page, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await box?.close();
});

/** The screenshot of a screen, without the success notices of the steps before it on top. */
async function shot(name: string): Promise<void> {
  for (const close of await page.getByRole('button', { name: 'Закрыть' }).all()) await close.click();
  await screenshot(page, name);
}

describe('payments and receipts', () => {
  it('lists payments and finds one by account and amount', async () => {
    await page.getByRole('link', { name: 'Платежи и чеки' }).click();
    await page.getByRole('cell', { name: '100201' }).waitFor();
    await shot('payments');

    await page.getByLabel('Лицевой счёт').fill('100202');
    await page.getByLabel('Сумма, ₽').fill('2300,5');
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.waitForURL('**/payments?account=100202&amount=2300%2C5');
    await page.getByRole('cell', { name: '100201' }).waitFor({ state: 'detached' }); // the new results are in
    await expect(page.getByRole('table', { name: 'Платежи' }).getByRole('row').count()).resolves.toBe(2);

    await page.getByLabel('Сумма, ₽').fill('1,00');
    await page.getByRole('button', { name: 'Найти' }).click();
    await page.getByText('Ничего не нашлось').waitFor();
    await page.goBack();
    await page.getByRole('cell', { name: '100202' }).waitFor();
  });

  it('opens the payment with its job history and then its receipt copy with the QR code', async () => {
    await page.getByRole('table', { name: 'Платежи' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: `Платёж № ${receiptPayment.id}` }).waitFor();
    await page.getByText('История').waitFor();
    await shot('payment');

    await page.getByRole('link', { name: `Чек ФД ${receiptPayment.receipt!.fd_number}` }).click();
    const copy = page.getByRole('article', { name: `Копия чека ФД ${receiptPayment.receipt!.fd_number}` });
    await copy.getByText('ИНН 7707083893').waitFor();
    const qr = copy.getByRole('img', { name: /^QR-код чека/ });
    expect(await qr.getAttribute('aria-label')).toBe(`QR-код чека: ${receiptPayment.receipt!.qr}`);
    await page.getByRole('button', { name: 'Печать копии' }).waitFor();
    await shot('receipt-copy');
  });
});

describe('organizations and sources', () => {
  it('adds an organization, and shows a refusal at the field', async () => {
    await page.getByRole('link', { name: 'Организации' }).click();
    await page.getByRole('button', { name: 'Добавить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новая организация' });
    await dialog.getByLabel('Название').fill('ООО «Вектор»');
    await dialog.getByLabel('ИНН').fill('7736207540'); // a wrong check digit
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await dialog.getByText('Проверьте выделенные поля').waitFor();
    await dialog.getByLabel('ИНН').fill('7736207543');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await page.getByRole('cell', { name: 'ООО «Вектор»' }).waitFor();
    await shot('organizations');
  });

  it('issues a source token, shows it once with a warning, and the token works', async () => {
    await page.getByRole('link', { name: 'Источники' }).click();
    await page
      .getByRole('row', { name: /Биллинг \(демо\)/ })
      .getByRole('button', { name: 'Токены' })
      .click();
    await page.getByRole('button', { name: 'Выпустить токен' }).click();
    await page.getByRole('dialog', { name: 'Новый API-токен' }).getByLabel('Название').fill('ABillS боевой');
    await page.getByRole('button', { name: 'Выпустить', exact: true }).click();

    const reveal = page.getByRole('dialog', { name: /Токен для «Биллинг \(демо\)» выпущен/ });
    await reveal.getByText('Сохраните токен сейчас.').waitFor();
    const secret = await reveal.getByLabel('API-токен').inputValue();
    expect(secret).toMatch(/^kbx_/);
    await shot('source-token');

    await reveal.getByRole('button', { name: 'Я сохранил токен' }).click();
    await reveal.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(secret);
    // The list keeps only the token's beginning, to recognise it.
    const shown = await page
      .getByRole('row', { name: /ABillS боевой/ })
      .locator('code')
      .textContent();
    expect(secret.startsWith(shown!.replace('…', ''))).toBe(true);

    const admin = await box.admin();
    const posted = await admin.call(
      'POST',
      '/payments',
      { external_id: 'token-check', account: '555', amount_kopecks: 100 },
      secret,
    );
    expect(posted.status).toBe(201);
    await shot('sources');
  });
});

describe('users, audit, settings, reports', () => {
  it('adds a cashier with a PIN on the demo register', async () => {
    await page.getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('button', { name: 'Добавить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый пользователь' });
    await dialog.getByLabel('Имя для входа').fill('petrova');
    await dialog.getByLabel('Имя для людей').fill('Петрова А.С.');
    await dialog.getByLabel('Пароль').fill('petrova-password');
    await dialog.getByLabel('PIN-код').fill('2468');
    await dialog.getByLabel(DEMO_REGISTER_NAME).check();
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    const panel = page.getByRole('region', { name: 'Пользователь Петрова А.С. (petrova)' });
    await panel.getByRole('button', { name: 'Сменить PIN' }).waitFor();
    await expect(
      page
        .getByRole('row', { name: /Петрова/ })
        .getByText(DEMO_REGISTER_NAME)
        .count(),
    ).resolves.toBe(1);
    await shot('users');
  });

  it('shows the audit trail with the before/after of a change', async () => {
    await page.getByRole('link', { name: 'Журнал действий' }).click();
    const issued = page.getByText('API-токен выпущен').first();
    await issued.click();
    await page.getByRole('columnheader', { name: 'Стало' }).first().waitFor();
    await shot('audit');
    // Who did it: the server filters by part of the actor's name.
    await page.getByLabel('Кто').fill('nobody-of-this-name');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.getByText('Записей по этому фильтру нет').waitFor();
    await page.getByRole('button', { name: 'Сбросить' }).click();
    await page.getByText('API-токен выпущен').first().waitFor();
  });

  it('renames the box in the settings and the menu follows', async () => {
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('button', { name: 'Изменить' }).click();
    await page
      .getByRole('dialog', { name: 'Настройки KassaBox' })
      .getByLabel('Название')
      .fill('Касса — офис на Ленина');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('navigation', { name: 'Разделы' }).getByText('Касса — офис на Ленина').waitFor();
    await shot('settings');
  });

  it('draws receipts per day and FN fill on the reports page', async () => {
    await page.getByRole('link', { name: 'Отчёты' }).click();
    await page.getByRole('img', { name: 'Чеки по дням и кассам' }).waitFor();
    expect(await page.locator('svg[aria-label="Чеки по дням и кассам"] rect[fill]').count()).toBeGreaterThan(
      0,
    );
    await shot('reports');
  });
});
