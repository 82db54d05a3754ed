// The technician's integration screens on a box as `make run` starts it (with the demo register), against
// a billing's QIWI-provider endpoint (the fake of test/helpers/billing-fakes): an admin adds a billing
// connection (a refusal shown at its field, then «Проверить счёт»), a source with an ATOL Online group
// and organization rules («Проверить счёт» through them), and a payment channel whose full URL the page
// shows; a payment through that URL appears on the channel's page with its billing state. A viewer sees
// all of it and can change nothing; a technician may check accounts. Each screen is saved as a screenshot.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { createUser } from '../helpers/api-fixtures.ts';
import { type QiwiProviderFake, startQiwiProviderFake } from '../helpers/billing-fakes/qiwi-provider-fake.ts';
import {
  ADMIN_PASSWORD,
  type E2eBox,
  eventually,
  logInThroughForm,
  screenshot,
  startE2eBox,
} from './harness.ts';

let box: E2eBox;
let billing: QiwiProviderFake;
let page: Page;
let channelId: number;
let sourceId: number;

const CONNECTION = 'ABillS основной';
const SOURCE = 'ABillS Extreceipt';
const OTHER_ORG = 'ООО «Вектор»';

beforeAll(async () => {
  billing = await startQiwiProviderFake({
    accounts: [{ account: '100200', name: 'Иванов И. И.', balanceKopecks: 15_000 }],
  });
  box = await startE2eBox({ admin: 'env', simulator: 'embedded', register: true });
  const admin = await box.admin();
  const org = await admin.call('POST', '/organizations', {
    name: OTHER_ORG,
    inn: '7736207543',
    tax_system: 'osn',
  });
  expect(org.status, JSON.stringify(org.json)).toBe(201);
  page = await box.newPage();
  await logInThroughForm(page, 'admin', ADMIN_PASSWORD);
});

beforeEach(() => {
  onTestFailed(async (context) => {
    await screenshot(page, `debug-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await box?.close();
  await billing?.close();
});

/** The screenshot of a screen, without the success notices of the steps before it on top. */
async function shot(target: Page, name: string): Promise<void> {
  // A success notice may fade by itself meanwhile.
  for (const close of await target.getByRole('button', { name: 'Закрыть' }).all()) {
    await close.click({ timeout: 1000 }).catch(() => {});
  }
  await screenshot(target, name);
}

describe('billing connections', () => {
  it('adds a connection, showing the server’s refusal at the field it names', async () => {
    await page.getByRole('link', { name: 'Подключения к биллингам' }).click();
    await page.getByText('Подключений пока нет').waitFor();
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Новое подключение к биллингу' });
    await dialog.getByLabel('Название').fill(CONNECTION);
    await dialog.getByLabel('Адрес QIWI-интерфейса биллинга').fill('ftp://billing.example/paysys_check.cgi');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await dialog.getByText('Проверьте выделенные поля').waitFor();
    // The server's problem (/settings/url) is under the URL input itself.
    await expect(dialog.locator('#bc-url-error').textContent()).resolves.toBeTruthy();
    await dialog.getByLabel('Адрес QIWI-интерфейса биллинга').fill(billing.url);
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await page.getByRole('cell', { name: CONNECTION }).waitFor();
    await expect(page.getByRole('row', { name: new RegExp(CONNECTION) }).textContent()).resolves.toContain(
      billing.url,
    );
  });

  it('checks an account in the billing through the connection', async () => {
    await page
      .getByRole('row', { name: new RegExp(CONNECTION) })
      .getByRole('button', { name: 'Проверить счёт' })
      .click();
    const dialog = page.getByRole('dialog', { name: /Проверить счёт/ });
    await dialog.getByLabel('Лицевой счёт').fill('100200');
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await dialog.getByText('Счёт 100200 найден').waitFor();
    await screenshot(page, 'integrations-billing-check'); // the dialog is modal: notices stay behind it
    await dialog.getByLabel('Лицевой счёт').fill('999999');
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await dialog.getByText('Счёт 999999 не найден').waitFor();
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await shot(page, 'integrations-billing');
  });
});

describe('a source and its integrations', () => {
  it('adds a source and sets its ATOL Online group, showing the base URL for the billing', async () => {
    await page.getByRole('link', { name: 'Источники' }).click();
    await page.getByRole('heading', { name: 'Источники' }).waitFor();
    await page.getByRole('button', { name: 'Добавить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый источник' });
    await dialog.getByLabel('Название').fill(SOURCE);
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await page
      .getByRole('row', { name: new RegExp(SOURCE) })
      .getByRole('link', { name: 'Интеграции' })
      .click();
    await page.getByRole('heading', { name: SOURCE }).waitFor();
    const sources = await (await box.admin()).call<{ items: { id: number; name: string }[] }>(
      'GET',
      '/sources',
    );
    sourceId = sources.json.items.find((source) => source.name === SOURCE)!.id;
    await page.waitForURL(`**/sources/${sourceId}`);

    await page.getByRole('button', { name: 'Настроить группу' }).click();
    const group = page.getByRole('dialog', { name: 'Новая группа АТОЛ Онлайн' });
    await group.getByLabel('Код группы').fill('kassabox-1');
    await group.getByLabel('Логин').fill('abills');
    await group.getByLabel('Пароль').fill('atol-password-1');
    await group.getByRole('button', { name: 'Добавить' }).click();
    await page.getByLabel('Адрес АТОЛ Онлайн').waitFor();
    await expect(page.getByLabel('Адрес АТОЛ Онлайн').textContent()).resolves.toBe(
      `${box.url}/possystem/v4/`,
    );
    // The group works with what the page shows: getToken at that base URL.
    const token = await fetch(`${box.url}/possystem/v4/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'abills', pass: 'atol-password-1' }),
    });
    expect(((await token.json()) as { token?: string }).token).toBeTruthy();
  });

  it('edits the organization rules in order and checks where an account goes', async () => {
    await page.getByRole('button', { name: 'Добавить правила' }).click();
    await page.getByRole('button', { name: 'Добавить правило' }).click();
    await page.getByLabel('Счёт правила 1').fill('77');
    await page.getByLabel('Организация правила 1').selectOption({ label: OTHER_ORG });
    await page.getByRole('button', { name: 'Добавить правило' }).click();
    await page.getByLabel('Условие правила 2').selectOption({ label: 'в диапазоне' });
    await page.getByLabel('Начало диапазона правила 2').fill('500');
    await page.getByLabel('Конец диапазона правила 2').fill('100'); // the wrong way round
    await page.getByLabel('Организация правила 2').selectOption({ label: OTHER_ORG });
    await page.getByRole('button', { name: 'Сохранить правила' }).click();
    await page.getByText('Конец меньше начала').waitFor();
    await page.getByLabel('Начало диапазона правила 2').fill('100');
    await page.getByLabel('Конец диапазона правила 2').fill('500');
    await page.getByRole('button', { name: 'Сохранить правила' }).click();
    await page.getByText(`Счёт начинается с 77 → ${OTHER_ORG}`).waitFor();
    await page.getByText(`Счёт в диапазоне 100–500 → ${OTHER_ORG}`).waitFor();

    await page.getByLabel('Чей чек у счёта').fill('250');
    await page.getByRole('button', { name: 'Проверить счёт' }).click();
    await page.getByRole('status').filter({ hasText: 'Счёт 250 →' }).getByText('правило 2').waitFor();
    await page.getByLabel('Чей чек у счёта').fill('9001');
    await page.getByRole('button', { name: 'Проверить счёт' }).click();
    await page.getByText('ни одно правило не подошло').waitFor();
    const rules = await (await box.admin()).call<{ items: unknown[] }>(
      'GET',
      `/sources/${sourceId}/organization-rules`,
    );
    expect(rules.json.items, JSON.stringify(rules)).toHaveLength(2);
    await shot(page, 'integrations-source');
  });
  it('sets the source’s poller and result target, and polls at once', async () => {
    // Only ABillS REST and SQL connections list new payments; the QIWI one does not qualify.
    await page.getByText('Сначала добавьте подключение к биллингу через ABillS REST API или SQL').waitFor();
    // A billing database nobody listens for: the poll fails, and the card says so.
    const closed = await (await box.admin()).call('POST', '/billing-connections', {
      name: 'База биллинга',
      kind: 'sql',
      settings: {
        dialect: 'mysql',
        host: '127.0.0.1',
        port: 9,
        database: 'billing',
        user: 'kassabox',
        amount_unit: 'rubles',
        find_account_sql: 'SELECT login AS account FROM users WHERE login = :account',
        list_payments_sql:
          'SELECT id, login, sum, date FROM payments WHERE id > :last_id ORDER BY id LIMIT :limit',
        columns: { billing_payment_id: 'id', account: 'login', amount: 'sum', paid_at: 'date' },
      },
      secrets: { password: 'db-password' },
    });
    expect(closed.status, JSON.stringify(closed.json)).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: 'Настроить опрос' }).click();
    const poller = page.getByRole('dialog', { name: 'Опрос биллинга' });
    await poller.getByLabel('Интервал, с').fill('5');
    await poller.getByRole('button', { name: 'Добавить' }).click();
    await poller.getByText('От 10 до 86400 секунд').waitFor();
    await poller.getByLabel('Интервал, с').fill('300');
    await poller.getByLabel('Курсор').fill('1000');
    await poller.getByRole('button', { name: 'Добавить' }).click();
    await poller.waitFor({ state: 'hidden' });
    await page.getByText('каждые 300 с').waitFor();
    await page.getByRole('button', { name: 'Опросить сейчас' }).click();
    // Nothing answers on the database's port: the poll fails and says why, in a notice and on the card.
    await page.getByText('Опрос биллинга не удался').waitFor();
    await page.getByRole('region', { name: 'Опрос биллинга' }).getByText('Ошибка').waitFor();

    await page
      .getByRole('region', { name: 'Результаты обратно' })
      .getByRole('button', { name: 'Изменить' })
      .click();
    const results = page.getByRole('dialog', { name: 'Результаты обратно' });
    await results.getByLabel('Адрес callback').fill('https://billing.example/kassabox');
    await results.getByLabel('Секрет подписи').fill('short');
    await results.getByRole('button', { name: 'Сохранить' }).click();
    await results.getByText('От 16 до 256 знаков без пробелов').waitFor();
    await results.getByLabel('Секрет подписи').fill('a-long-enough-callback-secret');
    await results.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('секрет задан: X-KassaBox-Signature').waitFor();
    const target = await (await box.admin()).call<{ callback_url: string; callback_secret_set: boolean }>(
      'GET',
      `/sources/${sourceId}/result-target`,
    );
    expect(target.json).toMatchObject({
      callback_url: 'https://billing.example/kassabox',
      callback_secret_set: true,
    });
    await shot(page, 'integrations-source-poller');
  });
});

describe('payment channels', () => {
  it('adds a QIWI channel on the billing connection and shows the full URL to give the payment system', async () => {
    await page.getByRole('link', { name: 'Платёжные каналы' }).click();
    await page.getByRole('heading', { name: 'Платёжные каналы' }).waitFor();
    await page.getByText('Платёжных каналов пока нет').waitFor();
    await page.getByRole('button', { name: 'Добавить канал' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Новый платёжный канал' });
    await dialog.getByLabel('Адрес канала').fill('qiwi');
    await dialog.getByLabel('Источник').selectOption({ label: 'Биллинг (демо)' });
    await dialog.getByLabel('Биллинг', { exact: true }).selectOption({ label: CONNECTION });
    await dialog.getByLabel('Мин. сумма, ₽').fill('1');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    // The box refuses an open channel: the refusal is at the IP list, which is one way to close it.
    await dialog
      .locator('#pc-ips-error')
      .getByText(/allowed_ips/)
      .waitFor();
    await dialog.getByLabel('Разрешённые IP-адреса').fill('127.0.0.1');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    const url = `${box.url}/channel/qiwi`;
    await page.getByRole('link', { name: url }).waitFor();
    await shot(page, 'integrations-channels');
    const href = await page.getByRole('link', { name: url }).getAttribute('href');
    channelId = Number(href!.split('/').at(-1));
  });

  it('shows a payment the channel sent with its billing state and a link to the payment', async () => {
    const params = new URLSearchParams({
      command: 'pay',
      txn_id: '7000001',
      txn_date: '20261123101500',
      account: '100200',
      sum: '150.00',
    });
    const answer = await (await fetch(`${box.url}/channel/qiwi?${params}`)).text();
    expect(answer).toContain('<result>0</result>');
    await eventually(
      () => (billing.payments().length === 1 ? Promise.resolve(true) : Promise.resolve(undefined)),
      'the billing post',
    );

    await page.goto(`/integrations/channels/${channelId}`);
    const row = page.getByRole('row', { name: /7000001/ });
    await row.waitFor();
    await eventually(async () => {
      if ((await row.textContent())?.includes('Проведён')) return true;
      await page.reload();
      return undefined;
    }, 'the posted state');
    await row.getByRole('link', { name: /№ \d+/ }).waitFor();
    await expect(page.getByLabel('Адрес канала').textContent()).resolves.toBe(`${box.url}/channel/qiwi`);
    await shot(page, 'integrations-channel');
  });

  it('lists result deliveries with a state filter', async () => {
    await page.getByRole('link', { name: 'Доставка результатов' }).click();
    await page.getByRole('heading', { name: 'Доставка результатов' }).waitFor();
    await page.getByLabel('Состояние').selectOption({ label: 'Не доставлено' });
    await page.waitForURL('**/integrations/deliveries?state=failed');
    await page.getByText('Нет доставок в состоянии «Не доставлено»').waitFor();
    await shot(page, 'integrations-deliveries');
  });
});

describe('write-only secrets', () => {
  it('shows a stored password only as «задан», replaces it, and never sends it back', async () => {
    await page.getByRole('link', { name: 'Подключения к биллингам' }).click();
    const row = page.getByRole('row', { name: /База биллинга/ });
    await expect(row.textContent()).resolves.toContain('пароль: задан');
    await row.getByRole('button', { name: 'Изменить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Подключение «База биллинга»' });
    await expect(dialog.getByLabel('Пароль', { exact: true }).textContent()).resolves.toBe('задан');
    await dialog.getByRole('button', { name: 'Заменить' }).click();
    await dialog.getByLabel('Пароль', { exact: true }).fill('new-db-password');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const listed = await (await box.admin()).call('GET', '/billing-connections');
    expect(JSON.stringify(listed.json)).not.toMatch(/db-password/);
    expect(await page.content()).not.toMatch(/db-password/);
  });
});

describe('roles', () => {
  it('shows a viewer every integration but no way to change one', async () => {
    const admin = await box.admin();
    await createUser(admin, { username: 'noc', role: 'viewer', password: 'noc-password-1' });
    const viewer = await box.newPage();
    await logInThroughForm(viewer, 'noc', 'noc-password-1');

    await viewer.getByRole('link', { name: 'Подключения к биллингам' }).click();
    await viewer.getByRole('cell', { name: CONNECTION }).waitFor();
    for (const name of ['Добавить', 'Изменить', 'Удалить', 'Проверить счёт']) {
      await expect(viewer.getByRole('button', { name, exact: true }).count()).resolves.toBe(0);
    }

    await viewer.getByRole('link', { name: 'Платёжные каналы' }).click();
    await viewer.getByRole('heading', { name: 'Платёжные каналы' }).waitFor();
    await viewer.getByRole('link', { name: `${box.url}/channel/qiwi` }).waitFor();
    await expect(viewer.getByRole('button', { name: 'Добавить канал' }).count()).resolves.toBe(0);
    await expect(viewer.getByRole('button', { name: 'Изменить' }).count()).resolves.toBe(0);

    await viewer.goto(`/sources/${sourceId}`);
    await viewer.getByLabel('Адрес АТОЛ Онлайн').waitFor();
    await viewer.getByText(`Счёт начинается с 77 → ${OTHER_ORG}`).waitFor();
    for (const name of ['Изменить', 'Изменить правила', 'Настроить опрос', 'Удалить']) {
      await expect(viewer.getByRole('button', { name, exact: true }).count()).resolves.toBe(0);
    }
    await shot(viewer, 'integrations-source-viewer');

    // The server refuses what the page hides.
    const login = await fetch(`${box.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'noc', password: 'noc-password-1' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
    const forced = await fetch(`${box.url}/api/v1/billing-connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ name: 'x', kind: 'osmp', settings: { url: 'https://x.example' } }),
    });
    expect(forced.status).toBe(403);
    expect(((await forced.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('lets a technician check an account but not edit the connection', async () => {
    const admin = await box.admin();
    await createUser(admin, { username: 'tech', role: 'technician', password: 'tech-password-1' });
    const tech = await box.newPage();
    await logInThroughForm(tech, 'tech', 'tech-password-1');
    await tech.getByRole('link', { name: 'Подключения к биллингам' }).click();
    const row = tech.getByRole('row', { name: new RegExp(CONNECTION) });
    await row.getByRole('button', { name: 'Проверить счёт' }).waitFor();
    await expect(row.getByRole('button', { name: 'Изменить' }).count()).resolves.toBe(0);
  });
});
