import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BundleExpectations, BundleRejected, verifyBundle } from '../../../../app/update/bundle.ts';
import { canReadDatabase, keyId, parseManifest, serializeManifest } from '../../../../app/update/manifest.ts';
import { fakeBundle, throwawayKey } from '../../../helpers/update-bundles.ts';

const dir = mkdtempSync(join(tmpdir(), 'kassabox-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const signer = throwawayKey();
const stranger = throwawayKey();
const expectations = (overrides: Partial<BundleExpectations> = {}): BundleExpectations => ({
  keys: new Map([[keyId(signer.publicKey), signer.publicKey]]),
  arch: 'x64',
  runningVersion: '1.0.0',
  databaseSchemaVersion: 30,
  ...overrides,
});

async function rejection(file: string, expect: BundleExpectations): Promise<BundleRejected> {
  try {
    await verifyBundle(file, expect);
  } catch (error) {
    if (error instanceof BundleRejected) return error;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

describe('update bundles', () => {
  it('accepts a bundle signed by a trusted key and answers its manifest', async () => {
    const { file } = await fakeBundle(dir, { version: '1.1.0', key: signer, schemaVersion: 31 });
    const manifest = await verifyBundle(file, expectations());
    expect(manifest).toMatchObject({
      version: '1.1.0',
      arch: 'x64',
      schemaVersion: 31,
      keyId: keyId(signer.publicKey),
    });
    // A standard tar: an operator (and the installer) can list it with GNU tar.
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' })).toBe(
      'manifest\nmanifest.sig\nrelease.tar.gz\n',
    );
  });

  it('refuses a key the box does not trust, naming the key', async () => {
    const { file } = await fakeBundle(dir, { version: '1.2.0', key: stranger, schemaVersion: 30 });
    const error = await rejection(file, expectations());
    expect(error.reason).toBe('unknown_key');
    expect(error.message).toContain(keyId(stranger.publicKey));
  });

  it('refuses a manifest changed after signing', async () => {
    const { file } = await fakeBundle(dir, { version: '1.3.0', key: signer, schemaVersion: 30 });
    const bytes = readFileSync(file);
    const at = bytes.indexOf('schema_version=30');
    bytes.write('schema_version=39', at);
    // Keep the tar header checksum right: only the signature may tell.
    const tampered = join(dir, 'tampered-manifest.kbupdate');
    writeFileSync(tampered, bytes);
    const error = await rejection(tampered, expectations());
    expect(error.reason).toBe('bad_signature');
  });

  it('refuses a release tarball changed after signing', async () => {
    const { file } = await fakeBundle(dir, { version: '1.4.0', key: signer, schemaVersion: 30 });
    const bytes = readFileSync(file);
    // Headers and data of manifest and signature take two blocks each; release.tar.gz starts at block 5.
    bytes[5 * 512 + 20]! ^= 0xff;
    const tampered = join(dir, 'tampered-release.kbupdate');
    writeFileSync(tampered, bytes);
    const error = await rejection(tampered, expectations());
    expect(error.reason).toBe('checksum_mismatch');
    expect(error.message).toContain('sha256');
  });

  it('refuses a truncated upload', async () => {
    const { file } = await fakeBundle(dir, { version: '1.5.0', key: signer, schemaVersion: 30 });
    const cut = join(dir, 'cut.kbupdate');
    copyFileSync(file, cut);
    truncateSync(cut, statSync(file).size - 1500);
    const error = await rejection(cut, expectations());
    expect(error.reason).toBe('truncated');
  });

  it('refuses another arch, the running version, and a release older than the database', async () => {
    const arm = await fakeBundle(dir, { version: '1.6.0', key: signer, schemaVersion: 30, arch: 'arm64' });
    expect((await rejection(arm.file, expectations())).message).toContain('for arm64, this box is x64');
    const same = await fakeBundle(dir, { version: '1.0.0', key: signer, schemaVersion: 30 });
    expect((await rejection(same.file, expectations())).reason).toBe('same_version');
    const old = await fakeBundle(dir, { version: '0.9.0', key: signer, schemaVersion: 29 });
    const error = await rejection(old.file, expectations());
    expect(error.reason).toBe('database_too_new');
    expect(error.message).toContain('up to schema 29');
    expect(error.message).toContain('schema 30');
  });

  it('refuses a file that is not a bundle', async () => {
    const junk = join(dir, 'junk.kbupdate');
    writeFileSync(junk, Buffer.alloc(4096, 7));
    expect((await rejection(junk, expectations())).reason).toBe('not_a_bundle');
  });
});

describe('manifest', () => {
  const manifest = {
    version: '1.2.3',
    arch: 'arm64' as const,
    schemaVersion: 40,
    releaseFile: 'kassabox-1.2.3-linux-arm64.tar.gz',
    releaseSha256: 'a'.repeat(64),
    releaseSize: 1234,
    keyId: '0123456789abcdef',
    createdAt: '2026-11-23T03:00:00.000Z',
  };

  it('round-trips, and refuses unsafe versions and unknown arches', () => {
    expect(parseManifest(serializeManifest(manifest))).toEqual(manifest);
    const text = serializeManifest(manifest).toString();
    expect(() => parseManifest(Buffer.from(text.replace('version=1.2.3', 'version=../etc')))).toThrow(
      /version/,
    );
    expect(() => parseManifest(Buffer.from(text.replace('arch=arm64', 'arch=mips')))).toThrow(/arch/);
    expect(() => parseManifest(Buffer.from(text.replace(/key_id=.*\n/, '')))).toThrow(/key_id/);
  });

  it('lets a release run only on a database it can read (schema ≥ the database’s)', () => {
    expect(canReadDatabase(31, 30)).toBe(true);
    expect(canReadDatabase(30, 30)).toBe(true);
    expect(canReadDatabase(29, 30)).toBe(false);
  });
});
