// A technician's day on a box without any register yet: add the simulated register through the form
// (after «Проверить связь»), watch a billing payment posted by API token become a receipt on the
// dashboard and the receipt page, close the shift, and put a failed job back into the queue after the
// register's FN was replaced.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentJson } from '../../app/http/schemas/payment.ts';
import { createBillingOrganization, createRegister } from '../helpers/api-fixtures.ts';
import type { BoxClient } from '../helpers/box-process.ts';
import {
  ADMIN_PASSWORD,
  type E2eBox,
  eventually,
  logInThroughForm,
  screenshot,
  startE2eBox,
} from './harness.ts';

let box: E2eBox;
let admin: BoxClient;
let page: Page;
let token: string;

beforeAll(async () => {
  box = await startE2eBox({ admin: 'env', simulator: 'own' });
  admin = await box.admin();
  ({ token } = await createBillingOrganization(admin, { organization: 'ООО «Связь»', source: 'ABillS' }));
  page = await box.newPage();
  await logInThroughForm(page, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await box?.close();
});

async function pay(externalId: string, amountKopecks: number, bearer = token): Promise<PaymentJson> {
  const answer = await admin.call<PaymentJson>(
    'POST',
    '/payments',
    { external_id: externalId, account: '100200', amount_kopecks: amountKopecks },
    bearer,
  );
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json;
}

async function paymentWhen(id: number, status: PaymentJson['status']): Promise<PaymentJson> {
  return eventually(async () => {
    const { json } = await admin.call<PaymentJson>('GET', `/payments/${id}`);
    return json.status === status ? json : undefined;
  }, `payment ${id} to become ${status}`);
}

describe('adding a register', () => {
  it('shows the empty states before there is any register', async () => {
    await page.getByText('Добавьте кассу', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Кассы (ККТ)' }).click();
    await page.getByRole('heading', { name: 'Кассы', exact: true }).waitFor();
    await page.getByText('Касс пока нет').waitFor();
    await screenshot(page, 'registers-empty');
  });

  it('adds the simulator through the form after testing the connection', async () => {
    await page.getByRole('button', { name: 'Добавить кассу' }).click();
    const form = page.getByRole('form', { name: 'Новая касса' });
    await form.getByLabel('Название').fill('Касса офис');
    await form.getByLabel('IP-адрес или имя').fill(box.simulator.host);
    await form.getByLabel('Порт').fill(String(box.simulator.port));

    await form.getByRole('button', { name: 'Проверить связь' }).click();
    await form.getByText('Связь есть.').waitFor();
    await expect(form.getByText('PAYONLINE-01-ФА').first().isVisible()).resolves.toBe(true);
    await screenshot(page, 'register-form');

    await form.getByRole('button', { name: 'Добавить кассу' }).click();
    await page.waitForURL(/\/registers\/\d+$/);
    await page.getByRole('heading', { name: 'Касса офис' }).waitFor();
    await page.getByRole('region', { name: 'Состояние кассы' }).getByText('На связи').waitFor();
    await screenshot(page, 'register-detail');
  });

  it('refuses a register that does not answer, with the reason', async () => {
    await page.goto('/registers?new=1');
    const form = page.getByRole('form', { name: 'Новая касса' });
    await form.getByLabel('IP-адрес или имя').fill('127.0.0.1');
    await form.getByLabel('Порт').fill('1');
    await form.getByRole('button', { name: 'Проверить связь' }).click();
    await form.getByText('Нет связи с кассой.').waitFor();
    await form.getByRole('button', { name: 'Отмена' }).click();
    await page.getByRole('cell', { name: 'Касса офис' }).waitFor();
    await screenshot(page, 'registers');
  });
});

describe('a payment becomes a receipt', () => {
  it('shows a payment posted by the billing as a receipt, live on the dashboard and on the receipt page', async () => {
    await page.getByRole('link', { name: 'Обзор' }).click();
    await page.locator('[data-status="live"]').waitFor();
    const payment = await pay('inv-1001', 150_000);

    await page
      .getByRole('group', { name: 'Чеков сегодня' })
      .getByText(/1\s500,00/)
      .waitFor();
    const card = page.getByRole('article', { name: 'Касса офис' });
    await card.getByRole('definition').filter({ hasText: /^1$/ }).waitFor();
    await screenshot(page, 'dashboard-receipt');

    const done = await paymentWhen(payment.id, 'fiscalized');
    await page.goto(`/receipts/${done.receipt!.id}`);
    await page.getByText(done.receipt!.fiscal_sign).first().waitFor();
    await page.getByText(done.receipt!.fn_number).first().waitFor();
    await screenshot(page, 'receipt');
  });

  it('closes the shift with a Z-report from the register page', async () => {
    const { json } = await admin.call<{ items: { id: number; name: string }[] }>('GET', '/registers');
    const register = json.items.find((r) => r.name === 'Касса офис')!;
    await page.goto(`/registers/${register.id}`);
    await page.getByRole('button', { name: 'Закрыть смену (Z-отчёт)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Закрыть смену?' });
    await dialog.getByRole('button', { name: 'Закрыть смену' }).click();
    await page.getByText(/Смена № \d+ закрыта/).waitFor();
    await page.getByRole('table', { name: 'Смены' }).getByRole('row').nth(1).waitFor();
  });
});

describe('the queue', () => {
  it('puts a failed job back into the queue after the FN was replaced', async () => {
    // A second organization whose only register has an expired FN: its payment fails for good.
    const other = await createBillingOrganization(admin, {
      organization: 'ООО «Ромашка»',
      source: 'LANBilling',
    });
    const expired = await box.startSimulator({ fnNumber: '9999078900054321', fnValidUntil: '2020-01-31' });
    const registerId = await createRegister(admin, {
      organization_id: other.organizationId,
      name: 'Касса склад',
      host: expired.host,
      port: expired.port,
    });
    const payment = await pay('lan-77', 99_90, other.token);
    const failed = await paymentWhen(payment.id, 'failed');

    await page.goto('/queue?state=failed');
    const row = page.getByRole('row').filter({ hasText: `Платёж № ${payment.id}` });
    await row.getByText('Ошибка').waitFor();
    await screenshot(page, 'queue-failed');

    // The technician swaps the FN (here: the register now answers from a fresh simulated device).
    const replaced = await box.startSimulator({ fnNumber: '9999078900067890' });
    const patched = await admin.call('PATCH', `/registers/${registerId}`, {
      host: replaced.host,
      port: replaced.port,
    });
    expect(patched.status).toBe(200);

    await row.getByRole('button', { name: 'В очередь снова' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'В очередь снова' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Причина').fill('ФН заменён, заявка 5521');
    await confirm.click();
    await page.getByText(`Задание № ${failed.fiscal_job!.id} снова в очереди`).waitFor();

    const fiscalized = await paymentWhen(payment.id, 'fiscalized');
    expect(fiscalized.receipt?.fn_number).toBe('9999078900067890');
    const audit = await admin.call<{ items: { action: string }[] }>('GET', '/audit?entity=fiscal_job');
    expect(audit.json.items.map((entry) => entry.action)).toContain('fiscal_job.requeue');
  });
});
