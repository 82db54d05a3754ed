// Issue 4's operations screens in the browser: the simulated register runs out of paper, the alert shows
// on «Тревоги» (and as the menu badge) and is acknowledged with a comment; putting the paper back clears
// it into the history. A webhook channel pointed at a local fake receives «Отправить тест». Screenshots
// of each screen go to test-artifacts/screenshots/.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertListJson } from '../../app/http/schemas/alerts.ts';
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
let hook: Server;
let hookUrl: string;
const received: { headers: Record<string, string | string[] | undefined>; body: unknown }[] = [];

beforeAll(async () => {
  box = await startE2eBox({ admin: 'env', simulator: 'embedded', register: true });
  hook = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/kassabox-hook`;
  page = await box.newPage();
  await logInThroughForm(page, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await box?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

async function shot(name: string): Promise<void> {
  // The success notices of the steps before, not the screen's own buttons.
  const toastClose = page.locator('.toasts').getByRole('button', { name: 'Закрыть' });
  while ((await toastClose.count()) > 0) await toastClose.first().click();
  await screenshot(page, name);
}

/** Reads the register now (the status read records it, and the alert runner evaluates soon after). */
async function pollRegister(): Promise<void> {
  const admin = await box.admin();
  await admin.call('GET', `/registers/${box.registerId}/status`);
}

async function activeAlerts(): Promise<AlertListJson['items']> {
  const admin = await box.admin();
  return (await admin.call<AlertListJson>('GET', '/alerts?state=active')).json.items;
}

describe('alerts', () => {
  it('shows «Нет бумаги» when the register runs out of paper, and the menu counts it', async () => {
    box.simulator.device.paper.remove();
    await eventually(
      async () => {
        await pollRegister();
        return (await activeAlerts()).find((a) => a.rule === 'paper_out');
      },
      'the paper_out alert',
      60_000,
    );

    await page.getByRole('link', { name: /Тревоги/ }).click();
    const row = page
      .getByRole('table', { name: 'Активные тревоги' })
      .getByRole('row', { name: /Нет бумаги/ });
    await row.waitFor();
    await row.getByRole('link', { name: DEMO_REGISTER_NAME }).waitFor();
    await page
      .getByRole('link', { name: /Тревоги/ })
      .getByText(/^\d+$/)
      .waitFor(); // the menu badge
    await shot('alerts');
  });

  it('acknowledges the alert with a comment, who and when shown in the row and the history', async () => {
    const row = page
      .getByRole('table', { name: 'Активные тревоги' })
      .getByRole('row', { name: /Нет бумаги/ });
    await row.getByRole('button', { name: 'Принять' }).click();
    const dialog = page.getByRole('dialog', { name: 'Принять тревогу?' });
    await dialog.getByLabel('Комментарий').fill('Меняю ленту');
    await dialog.getByRole('button', { name: 'Принять' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByRole('button', { name: 'Принять' }).waitFor({ state: 'detached' });
    await row.getByText('admin').waitFor();

    const alert = (await activeAlerts()).find((a) => a.rule === 'paper_out')!;
    expect(alert.acknowledged_by).toBe('admin');
    expect(alert.acknowledged_at).not.toBeNull();

    await row.getByRole('button', { name: /Подробнее/ }).click();
    const details = page.getByRole('dialog', { name: /Нет бумаги/ });
    await details.getByText('«Меняю ленту»').waitFor();
    await screenshot(page, 'alert-details'); // the modal dialog keeps the notices behind it out of reach
    await details.getByRole('button', { name: 'Закрыть' }).click();
  });

  it('clears the alert into the history when the paper is back', async () => {
    box.simulator.device.paper.insert();
    await eventually(
      async () => {
        await pollRegister();
        return (await activeAlerts()).some((a) => a.rule === 'paper_out') ? undefined : true;
      },
      'the paper_out alert to clear',
      60_000,
    );
    await page.getByRole('button', { name: 'Обновить' }).click();
    await page
      .getByRole('table', { name: 'История тревог' })
      .getByRole('row', { name: /Нет бумаги/ })
      .waitFor();
    await shot('alerts-history');
  });
});

describe('notifications', () => {
  it('adds a webhook channel and «Отправить тест» reaches the fake receiver', async () => {
    await page.goto('/settings/notifications');
    await page.getByText('Каналов пока нет').waitFor();
    await page.getByRole('button', { name: 'Добавить канал' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Новый канал уведомлений' });
    await dialog.getByLabel('Название').fill('NOC webhook');
    await dialog.getByLabel('Способ').selectOption('webhook');
    await dialog.getByLabel('URL').fill(hookUrl);
    await dialog.getByLabel('Секрет подписи').fill('s3cret-signing-key');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /NOC webhook/ });
    await row.getByText(hookUrl).waitFor();
    await row.getByRole('button', { name: 'Отправить тест' }).click();
    await page.getByText('Тест в «NOC webhook» доставлен').waitFor();
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['x-kassabox-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    await page.getByRole('table', { name: 'Журнал доставки' }).getByRole('row', { name: /Тест/ }).waitFor();
    await shot('notifications');
  });

  it('shows a stored secret as «задан», never the secret', async () => {
    await page
      .getByRole('row', { name: /NOC webhook/ })
      .getByRole('button', { name: 'Изменить' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Канал «NOC webhook»' });
    await dialog.getByText('задан', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('s3cret-signing-key');
    await shot('notification-channel');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
  });

  it('marks a failed delivery in the log', async () => {
    await new Promise((resolve) => hook.close(resolve)); // the receiver is gone: the next test fails
    await page
      .getByRole('row', { name: /NOC webhook/ })
      .getByRole('button', { name: 'Отправить тест' })
      .click();
    await page.getByText(/Тест в «NOC webhook» не доставлен/).waitFor();
    await page.getByLabel('Только ошибки').check();
    const failed = page
      .getByRole('table', { name: 'Журнал доставки' })
      .getByRole('row', { name: /NOC webhook/ });
    await expect(failed.count()).resolves.toBeGreaterThan(0);
    await failed.first().getByText('Ошибка', { exact: true }).waitFor();
    expect(await failed.first().getAttribute('class')).toContain('danger');
    await shot('notifications-failed');
  });
});

describe('settings and register', () => {
  it('shows the thresholds and lifecycle settings', async () => {
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Смены и опрос касс' }).waitFor();
    await page.getByRole('button', { name: 'Настроить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Смены и опрос касс' });
    await dialog.getByLabel('Опрашивать кассы каждые, с').fill('30');
    await dialog.getByLabel('Закрывать смену ежедневно в').fill('23:45');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('ежедневно в 23:45').waitFor();
    const settings = (
      await (
        await box.admin()
      ).call<{ status_poll_seconds: number; shift_close_time: string }>('GET', '/settings')
    ).json;
    expect(settings).toMatchObject({ status_poll_seconds: 30, shift_close_time: '23:45' });
    await shot('settings-lifecycle');
    await page.getByRole('link', { name: 'Пороги тревог' }).click();
    await expect(page.getByLabel('Касса не отвечает').inputValue()).resolves.toBe('5');
    await page.getByLabel('Касса не отвечает').fill('10');
    await page.getByRole('button', { name: 'Сохранить пороги' }).click();
    await page.getByText('Пороги тревог сохранены').waitFor();
    const admin = await box.admin();
    const { json } = await admin.call<{ offline_minutes: number }>('GET', '/alert-thresholds');
    expect(json.offline_minutes).toBe(10);
    await shot('settings-thresholds');
  });

  it('shows the FN forecast and prepares an FN replacement', async () => {
    await page.goto(`/registers/${box.registerId}`);
    await page.getByRole('heading', { name: 'Замена ФН' }).waitFor();
    await page.getByText(/Заменить ФН до|Срок замены ФН пока неизвестен/).waitFor();
    await page.getByRole('button', { name: 'Подготовить замену ФН' }).click();
    await page
      .getByRole('dialog', { name: 'Подготовить замену ФН?' })
      .getByRole('button', { name: 'Подготовить' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: /ФН (можно|пока нельзя) заменять/ })
      .waitFor();
    await shot('register-fn-replacement');
  });

  it('issues a monitoring token shown once', async () => {
    await page.goto('/settings/monitoring');
    await page.getByRole('button', { name: 'Выпустить токен' }).click();
    await page
      .getByRole('dialog', { name: 'Новый токен мониторинга' })
      .getByLabel('Название')
      .fill('Prometheus NOC');
    await page.getByRole('button', { name: 'Выпустить', exact: true }).click();
    const reveal = page.getByRole('dialog', { name: /выпущен/ });
    const secret = await reveal.getByLabel('API-токен').inputValue();
    expect(secret).toMatch(/^kbm_/);
    await shot('monitoring-token');
    await reveal.getByRole('button', { name: 'Я сохранил токен' }).click();
    const metrics = await fetch(`${box.url}/api/v1/metrics`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(metrics.status).toBe(200);
    await page.getByRole('row', { name: /Prometheus NOC/ }).waitFor();
  });
});
