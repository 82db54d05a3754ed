// A fresh box as `make run` starts it (embedded simulator, demo source, no user and no register yet): the
// first visitor sets the admin password and is asked for a register, logs out and in, a viewer is
// refused what is not theirs, and an account is locked after 5 wrong passwords.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type E2eBox, logInThroughForm, PHONE, screenshot, startE2eBox } from './harness.ts';

let box: E2eBox;
let page: Page;

beforeAll(async () => {
  box = await startE2eBox({ admin: 'setup', simulator: 'embedded' });
  page = await box.newPage();
});

afterAll(async () => {
  await box?.close();
});

describe('first run', () => {
  it('sends the first visitor to /setup, where the admin password is set', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Первый запуск' }).waitFor();
    await screenshot(page, 'setup');

    await page.getByLabel('Пароль', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Пароль ещё раз').fill('something else');
    await page.getByRole('button', { name: 'Создать администратора' }).click();
    await expect(page.getByText('Пароли не совпадают').isVisible()).resolves.toBe(true);

    await page.getByLabel('Пароль ещё раз').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Создать администратора' }).click();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('asks the admin for a register on the dashboard, saying waiting payments are kept', async () => {
    await page.locator('[data-status="live"]').waitFor();
    const registers = page.getByRole('region', { name: 'Кассы', exact: true });
    await registers.getByText('Добавьте кассу', { exact: true }).waitFor();
    await registers.getByText(/ждут в очереди|подождут в очереди/).waitFor();
    const add = registers.getByRole('link', { name: 'Добавить кассу' });
    expect(await add.getAttribute('href')).toBe('/registers?new=1');
    await screenshot(page, 'dashboard');
  });

  it('lets nobody back to /setup once the admin exists', async () => {
    const answer = await fetch(`${box.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'intruder', password: 'another-password' }),
    });
    expect(answer.status).toBe(409);
  });

  it('logs out and back in through the login form', async () => {
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL('**/login');
    await screenshot(page, 'login');
    await page.getByLabel('Имя пользователя').fill('admin');
    await page.getByLabel('Пароль').fill('wrong password');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByText('Неверное имя пользователя или пароль').waitFor();

    await logInThroughForm(page, 'admin', ADMIN_PASSWORD);
    expect(await page.getByRole('link', { name: 'Пользователи' }).isVisible()).toBe(true);
  });

  it('lists my sessions on the account page, this one marked', async () => {
    await page.getByRole('link', { name: /admin/ }).click();
    await page.getByRole('heading', { name: 'Мой аккаунт' }).waitFor();
    const sessions = page.getByRole('table', { name: 'Сеансы' });
    await sessions.getByText('этот').waitFor();
    expect(await sessions.getByRole('row').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'account');
  });

  it('shows an empty queue as such', async () => {
    await page.getByRole('link', { name: 'Очередь', exact: true }).click();
    await page.getByText('Здесь пусто').waitFor();
    await screenshot(page, 'queue');
  });

  it('shows the dashboard on a phone with the menu folded', async () => {
    const phone = await box.newPage(PHONE);
    await logInThroughForm(phone, 'admin', ADMIN_PASSWORD);
    await phone.locator('[data-status="live"]').waitFor();
    expect(await phone.getByRole('link', { name: 'Очередь', exact: true }).isVisible()).toBe(false);
    await screenshot(phone, 'dashboard-phone');
    await phone.getByRole('button', { name: 'Меню' }).click();
    await phone.getByRole('link', { name: 'Очередь', exact: true }).click();
    await phone.waitForURL('**/queue');
  });
});

describe('roles', () => {
  const viewer = { username: 'noc', password: 'noc-password-1' };

  beforeAll(async () => {
    const admin = await box.admin();
    const created = await admin.call('POST', '/users', { ...viewer, role: 'viewer' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
  });

  it('hides admin sections and actions from a viewer', async () => {
    const noc = await box.newPage();
    await logInThroughForm(noc, viewer.username, viewer.password);
    await expect(noc.getByRole('link', { name: 'Пользователи' }).count()).resolves.toBe(0);
    await expect(noc.getByRole('link', { name: 'Настройки' }).count()).resolves.toBe(0);
    // No register yet, and a viewer cannot add one: told so, without the call to action.
    await noc.getByText('Кассу добавит техник или администратор.', { exact: false }).waitFor();
    await expect(noc.getByRole('link', { name: 'Добавить кассу' }).count()).resolves.toBe(0);
    await noc.getByRole('link', { name: 'Кассы (ККТ)' }).click();
    await noc.getByRole('heading', { name: 'Кассы', exact: true }).waitFor();
    await noc.getByText('Касс пока нет').waitFor();
    await expect(noc.getByRole('button', { name: /Добавить/ }).count()).resolves.toBe(0);
  });

  it('is refused by the server (403) when a viewer forces an admin action', async () => {
    const login = await fetch(`${box.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(viewer),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
    const forced = await fetch(`${box.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ username: 'mallory', role: 'admin', password: 'mallory-password' }),
    });
    expect(forced.status).toBe(403);
    expect(((await forced.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});

describe('lockout', () => {
  it('locks an account after 5 wrong passwords, even against the right one', async () => {
    const victim = { username: 'clerk', password: 'clerk-password-1' };
    const admin = await box.admin();
    expect((await admin.call('POST', '/users', { ...victim, role: 'technician' })).status).toBe(201);

    const attempt = await box.newPage();
    await attempt.goto('/login');
    for (let i = 0; i < 5; i++) {
      await attempt.getByLabel('Имя пользователя').fill(victim.username);
      await attempt.getByLabel('Пароль').fill(`wrong-${i}`);
      await attempt.getByRole('button', { name: 'Войти', exact: true }).click();
      await attempt.getByRole('alert').waitFor();
    }
    await attempt.getByLabel('Имя пользователя').fill(victim.username);
    await attempt.getByLabel('Пароль').fill(victim.password);
    await attempt.getByRole('button', { name: 'Войти', exact: true }).click();
    await attempt.getByText('Учётная запись временно заблокирована').waitFor();
    await screenshot(attempt, 'login-locked');
    expect(new URL(attempt.url()).pathname).toBe('/login');
  });
});
