// The files in systemd/ as systemd 252 reads them (issue 6: "systemd-analyze verify and systemd-analyze
// security run in the tests; record the exposure score"). Fast: each command takes well under a second.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SYSTEMD_DIR = join(REPO_ROOT, 'systemd');
const UNIT = join(SYSTEMD_DIR, 'kassabox.service');

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kassabox-unit-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Every VAR=value line of an EnvironmentFile= (comments and blank lines skipped), as systemd reads it. */
function environmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!.trim();
  }
  return env;
}

describe('systemd/kassabox.service', () => {
  it('passes systemd-analyze verify without a warning', async () => {
    // verify checks that ExecStart= exists and is executable: point it at a stand-in, keep the rest.
    const executable = join(scratch, 'kassabox');
    await writeFile(executable, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const unitText = await readFile(UNIT, 'utf8');
    expect(unitText).toMatch(/^ExecStart=\/var\/lib\/kassabox-releases\/current\/kassabox$/m);
    const copy = join(scratch, 'kassabox.service');
    await writeFile(copy, unitText.replace(/^ExecStart=.*$/m, `ExecStart=${executable}`));
    const { stdout, stderr } = await run('systemd-analyze', ['verify', '--man=no', copy]);
    // verify exits 0 even for an unknown key or a bad value; the warnings on stderr are what count.
    expect(`${stdout}${stderr}`).toBe('');
  });

  it('keeps the exposure score of systemd-analyze security at or below the one in systemd/README.md', async () => {
    const readme = await readFile(join(SYSTEMD_DIR, 'README.md'), 'utf8');
    const recorded = /Exposure score: \*\*(\d+\.\d)/.exec(readme);
    expect(recorded, 'systemd/README.md records "Exposure score: **N.N"').not.toBeNull();
    const { stdout } = await run('systemd-analyze', ['security', '--offline=true', '--no-pager', UNIT]).catch(
      // A score above the default threshold makes the command exit non-zero; its output is still the answer.
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const score = /Overall exposure level for kassabox\.service: (\d+\.\d)/.exec(stdout);
    expect(score, stdout).not.toBeNull();
    expect(Number(score![1])).toBeLessThanOrEqual(Number(recorded![1]));
    expect(Number(score![1])).toBeLessThan(2.0);
  });

  it('has the settings the box relies on: notify, watchdog, its own user, state directory, port 443', async () => {
    const unit = await readFile(UNIT, 'utf8');
    for (const line of [
      'Type=notify',
      'NotifyAccess=all',
      'WatchdogSec=30s',
      'Restart=on-failure',
      'User=kassabox',
      'StateDirectory=kassabox',
      'ConfigurationDirectory=kassabox',
      'EnvironmentFile=-/etc/kassabox/kassabox.env',
      'StandardOutput=journal',
      'CapabilityBoundingSet=CAP_NET_BIND_SERVICE',
      'AmbientCapabilities=CAP_NET_BIND_SERVICE',
      'ProtectSystem=strict',
      'SystemCallFilter=@system-service',
      // V8's JIT needs executable pages it wrote: Node 24 aborts under MemoryDenyWriteExecute=yes.
      'MemoryDenyWriteExecute=no',
    ]) {
      expect(unit.split('\n'), line).toContain(line);
    }
  });
});

describe('systemd/kassabox.sysusers', () => {
  it('makes the kassabox system user with no login shell (systemd-sysusers into an empty root)', async () => {
    const root = join(scratch, 'sysroot');
    await mkdir(join(root, 'etc'), { recursive: true });
    const child = execFile('systemd-sysusers', [`--root=${root}`, '-']);
    child.stdin!.end(await readFile(join(SYSTEMD_DIR, 'kassabox.sysusers')));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const passwd = await readFile(join(root, 'etc/passwd'), 'utf8');
    expect(passwd).toMatch(/^kassabox:x:\d+:\d+:[^:]*:\/var\/lib\/kassabox:\/usr\/sbin\/nologin$/m);
    expect(await readFile(join(root, 'etc/group'), 'utf8')).toMatch(/^kassabox:x:\d+:$/m);
  });
});

describe('systemd/kassabox.env', () => {
  it('is a configuration the box starts with, on the box ports, in production', async () => {
    const env = environmentFile(await readFile(join(SYSTEMD_DIR, 'kassabox.env'), 'utf8'));
    // STATE_DIRECTORY is what StateDirectory=kassabox exports.
    const config = loadConfig({ ...env, STATE_DIRECTORY: '/var/lib/kassabox' });
    expect(config).toMatchObject({
      dataDir: '/var/lib/kassabox',
      port: 443,
      host: '0.0.0.0',
      tls: { mode: 'self-signed' },
      httpRedirectPort: 80,
    });
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      NODE_COMPILE_CACHE: '/var/lib/kassabox/compile-cache',
    });
  });

  it('names every KASSABOX_* variable the app reads, and none it does not', async () => {
    const { stdout } = await run('grep', ['-rhoE', 'env\\.KASSABOX_[A-Z0-9_]+', join(REPO_ROOT, 'app')]);
    const read = new Set(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((hit) => hit.slice('env.'.length)),
    );
    const text = await readFile(join(SYSTEMD_DIR, 'kassabox.env'), 'utf8');
    const named = new Set(text.match(/^#?KASSABOX_[A-Z0-9_]+(?==)/gm)?.map((name) => name.replace('#', '')));
    expect([...read].sort()).toEqual([...named].sort());
  });
});
