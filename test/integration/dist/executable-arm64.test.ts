// The linux-arm64 executable (the Raspberry Pi's) passes the same smoke test under qemu-user on an x86
// machine. qemu-aarch64-static runs it with the arm64 glibc, libstdc++ and libgcc of
// scripts/dist/arm64-sysroot.sh as its -L root: no binfmt_misc, no arm64 root filesystem.
// Emulated, it starts in 15–30 s, so it runs in `make dist-test` (which sets KASSABOX_ARM64_SYSROOT and
// KASSABOX_DIST_DIR), not in `make test`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../../app/version.ts';
import { buildDist } from '../../../scripts/dist/build-dist.ts';
import { distName } from '../../../scripts/dist/targets.ts';
import { smokeTestExecutable } from './executable-smoke.ts';

const sysroot = process.env.KASSABOX_ARM64_SYSROOT;
const EMULATED_TIMEOUT_MS = 150_000;

describe.runIf(sysroot)('the linux-arm64 executable under qemu-user (make dist-test)', () => {
  let releaseDir: string;
  let buildDir: string | undefined;

  beforeAll(async () => {
    const given = process.env.KASSABOX_DIST_DIR;
    if (given) {
      releaseDir = join(given, distName(VERSION, 'arm64'));
      return;
    }
    buildDir = await mkdtemp(join(tmpdir(), 'kassabox-dist-build-'));
    releaseDir = buildDist({ arches: ['arm64'], outDir: buildDir, tarball: false, log: () => {} }).arm64!;
  }, 180_000);

  afterAll(async () => {
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });

  it(
    'starts with the embedded simulator, serves its UI, turns a payment into a receipt and stops on SIGTERM',
    async () => {
      const result = await smokeTestExecutable({
        command: ['qemu-aarch64-static', '-L', sysroot!, join(releaseDir, 'kassabox')],
        timeoutMs: EMULATED_TIMEOUT_MS,
      });
      console.log(
        `linux-arm64 executable under qemu-user: ready in ${Math.round(result.readyMs)} ms, receipt in ` +
          `${Math.round(result.receiptMs)} ms, RSS (qemu) ${result.rssMiB} MiB`,
      );
      expect(result.readyMs).toBeLessThan(EMULATED_TIMEOUT_MS);
    },
    3 * EMULATED_TIMEOUT_MS,
  );
});
