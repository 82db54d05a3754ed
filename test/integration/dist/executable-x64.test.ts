// The linux-x64 executable of make dist passes the smoke test natively. Building it takes seconds
// (bundle, SEA blob, postject; no tarball), so `make test` runs this too: a change that breaks the
// bundle or the executable (a dependency reading files beside itself, import.meta, a native addon) fails
// here, not on the box. `make dist-test` sets KASSABOX_DIST_DIR to test what make dist wrote instead.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../../app/version.ts';
import { buildDist } from '../../../scripts/dist/build-dist.ts';
import { distName } from '../../../scripts/dist/targets.ts';
import { startTestApi } from '../../helpers/api-harness.ts';
import { smokeTestExecutable } from './executable-smoke.ts';

let releaseDir: string;
let buildDir: string | undefined;

beforeAll(async () => {
  const given = process.env.KASSABOX_DIST_DIR;
  if (given) {
    releaseDir = join(given, distName(VERSION, 'x64'));
    return;
  }
  buildDir = await mkdtemp(join(tmpdir(), 'kassabox-dist-build-'));
  const lines: string[] = [];
  releaseDir = buildDist({
    arches: ['x64'],
    outDir: buildDir,
    tarball: false,
    log: (line) => lines.push(line),
  }).x64!;
  console.log(lines.join('\n'));
}, 180_000);

afterAll(async () => {
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

describe('the linux-x64 executable', () => {
  it('starts with the embedded simulator, serves its UI, turns a payment into a receipt and stops on SIGTERM', async () => {
    const result = await smokeTestExecutable({ command: [join(releaseDir, 'kassabox')], timeoutMs: 60_000 });
    console.log(
      `linux-x64 executable: ready in ${Math.round(result.readyMs)} ms, receipt in ` +
        `${Math.round(result.receiptMs)} ms, RSS ${result.rssMiB} MiB`,
    );
    expect(result.readyMs).toBeLessThan(60_000);
  });

  it('answers --version without starting', async () => {
    const { stdout } = await run(join(releaseDir, 'kassabox'), ['--version'], {});
    expect(stdout).toBe(`${VERSION}\n`);
  });

  it('resets a password on the box with `kassabox reset-password` (there is no npm there)', async () => {
    const api = await startTestApi();
    try {
      const result = await run(join(releaseDir, 'kassabox'), ['reset-password', 'admin'], {
        KASSABOX_DATA_DIR: api.dataDir,
      });
      expect(result.code, result.stderr).toBe(0);
      const password = /New password for admin \(admin\): (\S+)/.exec(result.stdout)?.[1];
      expect(password, result.stdout).toBeDefined();
      const login = await api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password },
      });
      expect(login.statusCode).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('refuses to start without the better_sqlite3.node of its release, naming the file', async () => {
    const alone = await mkdtemp(join(tmpdir(), 'kassabox-alone-'));
    try {
      await copyFile(join(releaseDir, 'kassabox'), join(alone, 'kassabox'));
      const result = await run(join(alone, 'kassabox'), [], {
        KASSABOX_DATA_DIR: join(alone, 'data'),
        KASSABOX_PORT: '0',
        KASSABOX_HOST: '127.0.0.1',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${join(alone, 'better_sqlite3.node')} is missing`);
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });
});

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
