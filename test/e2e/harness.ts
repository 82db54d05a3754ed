// The end-to-end stage: the real server (startServer, as `make run` starts it) on a temp data dir and
// port 0, serving the built UI (ui/build), a simulated PAYONLINE-01-ФА, and Debian's Chromium driven by
// playwright-core. One box per test file; tests inside a file share it and run in order.
//
// Each test file says what it needs. `simulator: 'embedded'` is the `make run` default
// (KASSABOX_SIMULATOR=embedded, here on any free port): the demo organization, API source and token, and
// no register until someone adds it. `simulator: 'own'`: the harness runs the simulator itself and the box
// knows nothing of it, not even an organization. `register: true` (embedded, admin from env) has the
// harness add the demo register on the simulator through the admin API, for tests about what comes after.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../app/config.ts';
import { DEMO_REGISTER_NAME, DEMO_TOKEN_FILE } from '../../app/dev/embedded-simulator.ts';
import { createLogger } from '../../app/logger.ts';
import { type RunningServer, startServer } from '../../app/server.ts';
import {
  ShtrihSimulator,
  type ShtrihSimulatorOptions,
} from '../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { createRegister } from '../helpers/api-fixtures.ts';
import { ADMIN_PASSWORD } from '../helpers/api-harness.ts';
import { BoxClient } from '../helpers/box-process.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const UI_BUILD_DIR = join(REPO_ROOT, 'ui/build');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts/screenshots');
const CHROMIUM = process.env.KASSABOX_CHROMIUM ?? '/usr/bin/chromium';

export { ADMIN_PASSWORD, DEMO_REGISTER_NAME };

/** The office screen the UI is designed for, and a phone. */
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export interface E2eOptions {
  /** `env`: admin/ADMIN_PASSWORD made at start (KASSABOX_ADMIN_PASSWORD); `setup`: no user, /setup asks. */
  admin: 'env' | 'setup';
  /** `embedded`: inside the box with its demo organization and source; `own`: the harness's, unknown to the box. */
  simulator: 'embedded' | 'own';
  /** Add DEMO_REGISTER_NAME on the simulator through the admin API (needs `embedded` and `admin: 'env'`). */
  register?: boolean;
}

export interface E2eBox {
  url: string;
  server: RunningServer;
  dataDir: string;
  /** The simulated register (the box's in `embedded`, the harness's own in `own`). */
  simulator: { host: string; port: number; device: ShtrihSimulator };
  /** The demo register's id when `register` was asked for. */
  registerId: number | undefined;
  browser: Browser;
  /** A fresh browser context (own cookies) and page at the given viewport. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** The API as the admin (login with ADMIN_PASSWORD on first use). */
  admin(): Promise<BoxClient>;
  /** The demo source's API token (`embedded` only). */
  demoToken(): Promise<string>;
  /** Another simulated register (give each its own `fnNumber`), stopped with the box. */
  startSimulator(
    options?: Partial<ShtrihSimulatorOptions>,
  ): Promise<{ host: string; port: number; device: ShtrihSimulator }>;
  close(): Promise<void>;
}

export function assertUiBuilt(): void {
  if (!existsSync(join(UI_BUILD_DIR, 'index.html'))) {
    throw new Error(
      `The e2e tests need the built UI, but ${UI_BUILD_DIR}/index.html is missing. ` +
        'Run `npm run ui:build` (make test and make test-e2e build it first).',
    );
  }
}

export async function startE2eBox(options: E2eOptions): Promise<E2eBox> {
  assertUiBuilt();
  if (options.register && (options.simulator !== 'embedded' || options.admin !== 'env')) {
    throw new Error("register: true needs simulator: 'embedded' (its demo organization) and admin: 'env'");
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'kassabox-e2e-'));
  const simulators: ShtrihSimulator[] = [];
  const startSimulator = async (simulatorOptions: Partial<ShtrihSimulatorOptions> = {}) => {
    const device = new ShtrihSimulator({
      stateFile: join(dataDir, `simulator-${simulators.length}.json`),
      ...simulatorOptions,
    });
    simulators.push(device);
    const { host, port } = await device.start();
    return { host, port, device };
  };

  const config = loadConfig({
    KASSABOX_DATA_DIR: dataDir,
    KASSABOX_PORT: '0',
    KASSABOX_HOST: '127.0.0.1',
    KASSABOX_LOG_LEVEL: process.env.KASSABOX_TEST_LOG_LEVEL ?? 'silent',
    KASSABOX_SIMULATOR: options.simulator === 'embedded' ? 'embedded' : 'off',
    // Never the default 7778: a `make run` on the same machine, or the next test file, may hold it.
    KASSABOX_SIMULATOR_PORT: '0',
    KASSABOX_UI_DIR: UI_BUILD_DIR,
    ...(options.admin === 'env' ? { KASSABOX_ADMIN_PASSWORD: ADMIN_PASSWORD } : {}),
  });
  const server = await startServer(config, createLogger({ level: config.logLevel }));
  let browser: Browser | undefined;
  try {
    const simulator =
      options.simulator === 'embedded' && server.simulator
        ? { host: server.simulator.host, port: server.simulator.port, device: server.simulator.simulator }
        : await startSimulator();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const launched = browser;
    const contexts: BrowserContext[] = [];
    let adminClient: BoxClient | undefined;
    const admin = async () => {
      if (!adminClient) {
        const client = new BoxClient(server.url);
        await client.login();
        adminClient = client;
      }
      return adminClient;
    };
    const registerId = options.register ? await addDemoRegister(await admin(), simulator) : undefined;

    return {
      url: server.url,
      server,
      dataDir,
      simulator,
      registerId,
      browser: launched,
      newPage: async (viewport = DESKTOP) => {
        const context = await launched.newContext({ baseURL: server.url, viewport, locale: 'ru-RU' });
        contexts.push(context);
        context.setDefaultTimeout(10_000);
        return context.newPage();
      },
      admin,
      demoToken: async () => (await readFile(join(dataDir, DEMO_TOKEN_FILE), 'utf8')).trim(),
      startSimulator,
      close: async () => {
        for (const context of contexts) await context.close().catch(() => {});
        await launched.close();
        await server.stop();
        for (const device of simulators) await device.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    for (const device of simulators) await device.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The register a technician adds for the embedded simulator, added here the way the form posts it. */
async function addDemoRegister(admin: BoxClient, simulator: { host: string; port: number }): Promise<number> {
  const { json } = await admin.call<{ items: { id: number }[] }>('GET', '/organizations');
  const organization = json.items[0];
  if (!organization) throw new Error('the embedded simulator made no demo organization');
  return createRegister(admin, {
    organization_id: organization.id,
    name: DEMO_REGISTER_NAME,
    host: simulator.host,
    port: simulator.port,
  });
}

/** Saves the page as test-artifacts/screenshots/<name>.png (the "screenshot of each main screen"). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Spinners and the live dot must not make the picture depend on timing.
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/** Polls `probe` until it answers something other than undefined (the box works asynchronously). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Logs in through the login form and waits for the dashboard. */
export async function logInThroughForm(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
}
