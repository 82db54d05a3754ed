// systemd/kassabox-update.sh against a temp tree (docs/updates.md): fake releases are bash scripts that
// behave like kassabox (exit 0 = became ready, exit 1 = failed; some migrate the database first), and a
// fake systemctl "restarts" the service by running current/kassabox. Needs sqlite3, openssl, GNU tar.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyValues } from '../../../app/update/release-state.ts';
import { fakeBundle, type SigningKey, throwawayKey, trustKey } from '../../helpers/update-bundles.ts';

const INSTALLER = resolve(import.meta.dirname, '../../../systemd/kassabox-update.sh');
const base = mkdtempSync(join(tmpdir(), 'kassabox-installer-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const signer = throwawayKey();
const stranger = throwawayKey();

// A healthy release that, like kassabox, migrates the database to its schema when it starts.
const migratesTo = (schema: number) =>
  `sqlite3 "$KASSABOX_DATA_DIR/kassabox.sqlite" 'PRAGMA user_version=${schema};'\nexit 0`;

let root: string;
let releases: string;
let data: string;
let keys: string;
let fake: string;
let serial = 0;

beforeEach(() => {
  root = mkdtempSync(join(base, 'box-'));
  releases = join(root, 'releases');
  data = join(root, 'data');
  keys = join(root, 'keys');
  fake = join(root, 'systemd');
  mkdirSync(join(releases, '1.0.0'), { recursive: true });
  mkdirSync(join(data, 'updates', 'incoming'), { recursive: true });
  mkdirSync(fake);
  writeFileSync(join(releases, '1.0.0', 'kassabox'), '#!/bin/bash\nexit 0\n', { mode: 0o755 });
  writeFileSync(join(releases, '1.0.0', 'VERSION'), '1.0.0\n');
  // The factory release as the image installs it: no SCHEMA_VERSION; the installer records it.
  symlinkSync('1.0.0', join(releases, 'current'));
  trustKey(keys, signer);
  sql(
    'CREATE TABLE payment (id INTEGER PRIMARY KEY, amount INTEGER); INSERT INTO payment (amount) VALUES (150000); PRAGMA user_version=30;',
  );
  writeFileSync(join(fake, 'state'), 'active\n');
  writeFileSync(
    join(fake, 'systemctl'),
    `#!/bin/bash
case "$1" in
  restart) echo "restart $(readlink "$KASSABOX_RELEASES_DIR/current")" >>"$FAKE_SYSTEMD/log"
    if "$KASSABOX_RELEASES_DIR/current/kassabox"; then echo active >"$FAKE_SYSTEMD/state"; else echo failed >"$FAKE_SYSTEMD/state"; exit 1; fi ;;
  is-active) [ "$(cat "$FAKE_SYSTEMD/state")" = active ] ;;
  reset-failed) ;;
  *) exit 2 ;;
esac
`,
  );
  chmodSync(join(fake, 'systemctl'), 0o755);
});

function sql(statement: string): string {
  return execFileSync('sqlite3', [join(data, 'kassabox.sqlite'), statement], { encoding: 'utf8' }).trim();
}

async function stage(options: {
  version: string;
  schemaVersion: number;
  script?: string;
  key?: SigningKey;
  arch?: 'x64' | 'arm64';
}) {
  const { file } = await fakeBundle(join(base, `bundle-${++serial}`), { key: signer, ...options });
  execFileSync('cp', [file, join(data, 'updates', 'incoming', `${options.version}.kbupdate`)]);
}

function runInstaller() {
  const result = spawnSync('bash', [INSTALLER], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      KASSABOX_RELEASES_DIR: releases,
      KASSABOX_DATA_DIR: data,
      KASSABOX_UPDATE_KEYS_DIR: keys,
      KASSABOX_SYSTEMCTL: join(fake, 'systemctl'),
      KASSABOX_UPDATE_READY_TIMEOUT: '20',
      KASSABOX_UPDATE_SETTLE_SECONDS: '0',
      KASSABOX_ARCH: 'x64',
      FAKE_SYSTEMD: fake,
    },
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr;
}

const link = (name: string) => (existsSync(join(releases, name)) ? readlinkSync(join(releases, name)) : null);
const lastResult = () => parseKeyValues(readFileSync(join(data, 'updates', 'status'), 'utf8'));
const restarts = () =>
  existsSync(join(fake, 'log')) ? readFileSync(join(fake, 'log'), 'utf8').trim().split('\n') : [];
const incoming = () => readdirSync(join(data, 'updates', 'incoming'));
const requestRollback = () =>
  writeFileSync(join(data, 'updates', 'incoming', 'rollback.request'), 'to_version=x\n');

describe('kassabox-update.sh', () => {
  it('installs a good release: backup first, links switched, restarted, the database kept', async () => {
    await stage({ version: '1.1.0', schemaVersion: 31, script: migratesTo(31) });
    runInstaller();
    expect(lastResult()).toMatchObject({
      state: 'installed',
      action: 'install',
      version: '1.1.0',
      from_version: '1.0.0',
    });
    expect(link('current')).toBe('1.1.0');
    expect(link('previous')).toBe('1.0.0');
    expect(restarts()).toEqual(['restart 1.1.0']);
    expect(readFileSync(join(releases, '1.1.0', 'SCHEMA_VERSION'), 'utf8').trim()).toBe('31');
    // The factory release ran on schema 30: that is what it reads.
    expect(readFileSync(join(releases, '1.0.0', 'SCHEMA_VERSION'), 'utf8').trim()).toBe('30');
    expect(readFileSync(join(releases, '1.1.0', 'MANIFEST'), 'utf8')).toContain('version=1.1.0');
    expect(incoming()).toEqual([]);
    // The same database file, upgraded in place with its payment.
    expect(sql('SELECT amount FROM payment')).toBe('150000');
    expect(sql('PRAGMA user_version')).toBe('31');
    // A copy taken before the switch, for a person; at schema 30, with the payment.
    const backup = lastResult().backup!;
    expect(backup.startsWith(join(releases, 'backups'))).toBe(true);
    expect(
      execFileSync('sqlite3', [backup, 'PRAGMA user_version; SELECT amount FROM payment;'], {
        encoding: 'utf8',
      }),
    ).toBe('30\n150000\n');

    // The previous release cannot read schema 31: a rollback request is refused, nothing moves.
    requestRollback();
    runInstaller();
    expect(lastResult()).toMatchObject({ state: 'refused', action: 'rollback' });
    expect(lastResult().message).toContain('up to schema 30; the database is at schema 31');
    expect(link('current')).toBe('1.1.0');
    expect(incoming()).toEqual([]);
  });

  it('switches back when the new release does not become ready, keeping the database', async () => {
    await stage({ version: '1.2.0', schemaVersion: 30, script: 'exit 1' });
    runInstaller();
    expect(restarts()).toEqual(['restart 1.2.0', 'restart 1.0.0']);
    expect(lastResult()).toMatchObject({
      state: 'rolled_back',
      action: 'install',
      version: '1.2.0',
      from_version: '1.0.0',
    });
    expect(link('current')).toBe('1.0.0');
    expect(link('previous')).toBeNull();
    expect(sql('SELECT amount FROM payment')).toBe('150000');
  });

  it('does not switch back to a release that cannot read what the failed one migrated', async () => {
    await stage({
      version: '1.3.0',
      schemaVersion: 31,
      script: `${migratesTo(31).replace('exit 0', 'exit 1')}`,
    });
    runInstaller();
    expect(restarts()).toEqual(['restart 1.3.0']);
    expect(lastResult()).toMatchObject({ state: 'failed', version: '1.3.0' });
    expect(lastResult().message).toContain('cannot read the database');
    expect(link('current')).toBe('1.3.0');
    expect(sql('SELECT amount FROM payment')).toBe('150000');
  });

  it('rolls back by hand while the previous release can read the database; payments taken since stay', async () => {
    await stage({ version: '1.1.0', schemaVersion: 30, script: migratesTo(30) });
    runInstaller();
    expect(link('current')).toBe('1.1.0');
    sql('INSERT INTO payment (amount) VALUES (99900)'); // accepted by 1.1.0
    requestRollback();
    runInstaller();
    expect(lastResult()).toMatchObject({
      state: 'rolled_back',
      action: 'rollback',
      version: '1.0.0',
      from_version: '1.1.0',
    });
    expect(link('current')).toBe('1.0.0');
    expect(link('previous')).toBe('1.1.0');
    expect(restarts()).toEqual(['restart 1.1.0', 'restart 1.0.0']);
    expect(sql('SELECT group_concat(amount) FROM payment')).toBe('150000,99900');
  });

  it('refuses an unknown key, a changed bundle, another arch and a release older than the database', async () => {
    const cases: [() => Promise<void>, string][] = [
      [() => stage({ version: '2.0.0', schemaVersion: 30, key: stranger }), 'which is not in'],
      [
        () => stage({ version: '2.1.0', schemaVersion: 30, arch: 'arm64' }),
        'the bundle is for arm64, this box is x64',
      ],
      [
        () => stage({ version: '0.9.0', schemaVersion: 29 }),
        'reads databases up to schema 29, the database is at schema 30',
      ],
      [
        async () => {
          await stage({ version: '2.2.0', schemaVersion: 30 });
          const file = join(data, 'updates', 'incoming', '2.2.0.kbupdate');
          const bytes = readFileSync(file);
          bytes[5 * 512 + 20]! ^= 0xff;
          writeFileSync(file, bytes);
        },
        "the release tarball's sha256",
      ],
    ];
    for (const [prepare, message] of cases) {
      await prepare();
      runInstaller();
      expect(lastResult().state).toBe('refused');
      expect(lastResult().message).toContain(message);
      expect(incoming()).toEqual([]);
    }
    expect(link('current')).toBe('1.0.0');
    expect(restarts()).toEqual([]);
    expect(readdirSync(releases).sort()).toEqual(['.lock', '1.0.0', 'current']);
  });
});

describe('kassabox-update units', () => {
  it('pass systemd-analyze verify (with ExecStart pointed at the script in this checkout)', () => {
    const units = join(base, 'units');
    mkdirSync(units, { recursive: true });
    const dir = resolve(import.meta.dirname, '../../../systemd');
    const service = readFileSync(join(dir, 'kassabox-update.service'), 'utf8');
    expect(service).toContain('ExecStart=/usr/lib/kassabox/kassabox-update.sh');
    writeFileSync(
      join(units, 'kassabox-update.service'),
      service.replace('/usr/lib/kassabox/kassabox-update.sh', INSTALLER),
    );
    writeFileSync(join(units, 'kassabox-update.path'), readFileSync(join(dir, 'kassabox-update.path')));
    const result = spawnSync(
      'systemd-analyze',
      ['verify', '--man=no', join(units, 'kassabox-update.path'), join(units, 'kassabox-update.service')],
      { encoding: 'utf8' },
    );
    // verify exits 0 even for an unknown key or a bad value; the warnings on stderr are what count.
    expect(`${result.stdout}${result.stderr}`).toBe('');
  });
});

describe('kassabox-update.sh source', () => {
  it('is clean under shellcheck', () => {
    const result = spawnSync('shellcheck', [INSTALLER], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
