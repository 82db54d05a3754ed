// Throwaway signing keys, fake releases and signed bundles for the update tests (docs/updates.md). A fake
// release is what `make dist` packs — kassabox-<version>-linux-<arch>/{kassabox, better_sqlite3.node,
// VERSION} — with a shell script as the executable, so the installer test can start it.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBundle } from '../../app/update/bundle.ts';
import type { UpdateArch, UpdateManifest } from '../../app/update/manifest.ts';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as a .pub file holds it. */
  publicPem: string;
}

export function throwawayKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function trustKey(keysDir: string, key: SigningKey, name = 'release.pub'): void {
  mkdirSync(keysDir, { recursive: true });
  writeFileSync(join(keysDir, name), key.publicPem);
}

export interface FakeReleaseOptions {
  version: string;
  arch?: UpdateArch;
  /** The body of the fake `kassabox` (a bash script); it runs when the fake systemctl "starts" it. */
  script?: string;
}

/** Writes dist-like kassabox-<version>-linux-<arch>.tar.gz under `dir`; answers its path. */
export function fakeReleaseTarball(dir: string, options: FakeReleaseOptions): string {
  const arch = options.arch ?? 'x64';
  const name = `kassabox-${options.version}-linux-${arch}`;
  const release = join(dir, 'build', name);
  mkdirSync(release, { recursive: true });
  writeFileSync(join(release, 'kassabox'), `#!/bin/bash\n${options.script ?? 'exit 0'}\n`);
  chmodSync(join(release, 'kassabox'), 0o755);
  writeFileSync(join(release, 'better_sqlite3.node'), 'not really an addon\n');
  writeFileSync(join(release, 'VERSION'), `${options.version}\n`);
  const tarball = join(dir, `${name}.tar.gz`);
  execFileSync('tar', [
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-C',
    join(dir, 'build'),
    '-czf',
    tarball,
    name,
  ]);
  return tarball;
}

export interface BundleOptions extends FakeReleaseOptions {
  key: SigningKey;
  schemaVersion: number;
  /** Sign for another arch than the tarball's name says (a wrong-arch bundle). */
  manifestArch?: UpdateArch;
}

/** A signed .kbupdate of a fake release, in `dir`. */
export async function fakeBundle(
  dir: string,
  options: BundleOptions,
): Promise<{ file: string; manifest: UpdateManifest }> {
  const tarball = fakeReleaseTarball(dir, options);
  const file = join(
    dir,
    `kassabox-${options.version}-${options.manifestArch ?? options.arch ?? 'x64'}.kbupdate`,
  );
  const manifest = await writeBundle({
    releaseTarball: tarball,
    version: options.version,
    arch: options.manifestArch ?? options.arch ?? 'x64',
    schemaVersion: options.schemaVersion,
    privateKey: options.key.privateKey,
    publicKey: options.key.publicKey,
    createdAt: new Date('2026-11-23T03:00:00.000Z'),
    output: file,
  });
  return { file, manifest };
}
