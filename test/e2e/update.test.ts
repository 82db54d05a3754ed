// «Настройки → Обновление» in Chromium against a real box: a bundle signed by an unknown key is refused
// with the key named; a good one is uploaded and shown as waiting for the installer; the installer's
// result appears without a reload; «Откатить» explains that the database is kept and leaves a request
// for the installer. The root installer itself is tested in test/integration/update/installer.test.ts;
// here the test plays its part by writing updates/status.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../app/storage/migrate.ts';
import { keyId } from '../../app/update/manifest.ts';
import { UpdateService } from '../../app/update/update-service.ts';
import { VERSION } from '../../app/version.ts';
import { fakeBundle, throwawayKey, trustKey } from '../helpers/update-bundles.ts';
import {
  ADMIN_PASSWORD,
  type E2eBox,
  eventually,
  logInThroughForm,
  screenshot,
  startE2eBox,
} from './harness.ts';

const work = mkdtempSync(join(tmpdir(), 'kassabox-e2e-update-'));
const signer = throwawayKey();
const stranger = throwawayKey();
const arch = process.arch as 'x64' | 'arm64';
let box: E2eBox;
let page: Page;

beforeAll(async () => {
  box = await startE2eBox({ admin: 'env', simulator: 'own' });
  const keysDir = join(work, 'keys');
  trustKey(keysDir, signer);
  // The releases as the image lays them out: this version current, an older one that reads the same schema.
  const releasesDir = join(work, 'releases');
  for (const version of [VERSION, '0.0.9']) {
    mkdirSync(join(releasesDir, version), { recursive: true });
    writeFileSync(join(releasesDir, version, 'SCHEMA_VERSION'), `${LATEST_SCHEMA_VERSION}\n`);
  }
  symlinkSync(VERSION, join(releasesDir, 'current'));
  symlinkSync('0.0.9', join(releasesDir, 'previous'));
  const deps = box.server.deps;
  deps.updates = new UpdateService({
    settings: { keysDir, releasesDir },
    dataDir: box.dataDir,
    db: deps.db,
    audit: deps.audit,
    transaction: deps.transaction,
    clock: deps.clock,
    runningVersion: VERSION,
  });
  page = await box.newPage();
  await logInThroughForm(page, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await box?.close();
  rmSync(work, { recursive: true, force: true });
});

const incomingDir = () => join(box.dataDir, 'updates', 'incoming');

describe('«Обновление»', () => {
  it('refuses a bundle of an unknown key, stages a good one and shows the installer’s result', async () => {
    await page.goto(`${box.url}/settings/update`);
    await expect.poll(() => page.getByTestId('running-version').textContent()).toBe(VERSION);

    const foreign = await fakeBundle(join(work, 'foreign'), {
      version: '99.0.1',
      arch,
      key: stranger,
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
    await page.getByLabel('Пакет обновления').setInputFiles(foreign.file);
    await page.getByRole('button', { name: 'Загрузить и установить' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Пакет обновления отклонён');
    expect(await alert.textContent()).toContain(keyId(stranger.publicKey));

    const good = await fakeBundle(join(work, 'good'), {
      version: '99.0.0',
      arch,
      key: signer,
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
    await page.getByLabel('Пакет обновления').setInputFiles(good.file);
    await page.getByRole('button', { name: 'Загрузить и установить' }).click();
    await expect.poll(() => page.getByText('Ждёт установки').count()).toBe(1);
    expect(readdirSync(incomingDir())).toEqual(['99.0.0.kbupdate']);
    expect(await page.getByRole('button', { name: 'Откатить' }).isDisabled()).toBe(true);
    await screenshot(page, 'update-staged');

    // The installer takes the bundle and reports; the page follows without a reload.
    unlinkSync(join(incomingDir(), '99.0.0.kbupdate'));
    writeFileSync(
      join(box.dataDir, 'updates', 'status'),
      `state=installed\naction=install\nversion=99.0.0\nfrom_version=${VERSION}\nmessage=Version 99.0.0 runs (was ${VERSION}).\nfinished_at=2026-11-23T03:10:00Z\n`,
    );
    await eventually(
      async () => ((await page.getByText('Установлено').count()) > 0 ? true : undefined),
      'the installed result',
      20_000,
    );
    expect(await page.getByText('Version 99.0.0 runs').count()).toBe(1);
  });

  it('asks before a rollback, says the database is kept, and leaves a request for the installer', async () => {
    await page.getByRole('button', { name: 'Откатить' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('База данных остаётся как есть');
    await screenshot(page, 'update-rollback-dialog');
    await dialog.getByRole('button', { name: 'Откатить' }).click();
    await eventually(
      async () => (existsSync(join(incomingDir(), 'rollback.request')) ? true : undefined),
      'the rollback request',
    );
  });
});
