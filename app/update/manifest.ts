// The manifest of an update bundle (docs/updates.md "The bundle"): `key=value` lines, so the root
// installer (a shell script, systemd/kassabox-update.sh) reads it with sed and this module with a split.
// An Ed25519 signature (node:crypto; `openssl pkeyutl -verify -rawin` on the box) covers its exact bytes;
// the release tarball is covered through its sha256 in the manifest.
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export const MANIFEST_FORMAT = '1';
/** The members of a .kbupdate tar, in this order. */
export const MANIFEST_MEMBER = 'manifest';
export const SIGNATURE_MEMBER = 'manifest.sig';
export const RELEASE_MEMBER = 'release.tar.gz';
export const BUNDLE_MEMBERS = [MANIFEST_MEMBER, SIGNATURE_MEMBER, RELEASE_MEMBER] as const;

/** The architectures `make dist` builds, named like process.arch. */
export const UPDATE_ARCHES = ['x64', 'arm64'] as const;
export type UpdateArch = (typeof UPDATE_ARCHES)[number];

export interface UpdateManifest {
  version: string;
  arch: UpdateArch;
  /** LATEST_SCHEMA_VERSION of the release: the newest database it can read. */
  schemaVersion: number;
  /** The dist tarball's own name, kassabox-<version>-linux-<arch>.tar.gz. */
  releaseFile: string;
  releaseSha256: string;
  releaseSize: number;
  /** Which trusted key signed it (keyId of its public key). */
  keyId: string;
  createdAt: string;
}

// Safe as a directory name under /var/lib/kassabox-releases and in a shell word.
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export function serializeManifest(manifest: UpdateManifest): Buffer {
  const lines = [
    `kassabox_update=${MANIFEST_FORMAT}`,
    `version=${manifest.version}`,
    `arch=${manifest.arch}`,
    `schema_version=${manifest.schemaVersion}`,
    `release_file=${manifest.releaseFile}`,
    `release_sha256=${manifest.releaseSha256}`,
    `release_size=${manifest.releaseSize}`,
    `key_id=${manifest.keyId}`,
    `created_at=${manifest.createdAt}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

export function parseManifest(bytes: Buffer): UpdateManifest {
  const fields = new Map<string, string>();
  for (const line of bytes.toString('utf8').split('\n')) {
    if (line === '') continue;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new ManifestError(`the manifest line ${JSON.stringify(line)} is not key=value`);
    fields.set(line.slice(0, equals), line.slice(equals + 1));
  }
  const field = (key: string): string => {
    const value = fields.get(key);
    if (value === undefined || value === '') throw new ManifestError(`the manifest has no ${key}`);
    return value;
  };
  if (field('kassabox_update') !== MANIFEST_FORMAT) {
    throw new ManifestError(`the manifest format ${field('kassabox_update')} is not ${MANIFEST_FORMAT}`);
  }
  const version = field('version');
  if (!VERSION_PATTERN.test(version))
    throw new ManifestError(`the version ${JSON.stringify(version)} is not valid`);
  const arch = field('arch');
  if (!(UPDATE_ARCHES as readonly string[]).includes(arch)) {
    throw new ManifestError(`the arch ${JSON.stringify(arch)} is not one of ${UPDATE_ARCHES.join(', ')}`);
  }
  const schemaVersion = positiveInteger(field('schema_version'), 'schema_version');
  const releaseSha256 = field('release_sha256');
  if (!/^[0-9a-f]{64}$/.test(releaseSha256)) throw new ManifestError('release_sha256 is not 64 hex digits');
  const keyId = field('key_id');
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw new ManifestError('key_id is not 16 hex digits');
  return {
    version,
    arch: arch as UpdateArch,
    schemaVersion,
    releaseFile: field('release_file'),
    releaseSha256,
    releaseSize: positiveInteger(field('release_size'), 'release_size'),
    keyId,
    createdAt: field('created_at'),
  };
}

function positiveInteger(raw: string, key: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
    throw new ManifestError(`${key} ${JSON.stringify(raw)} is not a positive integer`);
  }
  return value;
}

/**
 * A key's id: the first 16 hex digits of the sha256 of its DER SubjectPublicKeyInfo, the same as
 * `openssl pkey -pubin -outform DER | sha256sum` in the installer.
 */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function signManifest(manifest: Buffer, privateKey: KeyObject): Buffer {
  return sign(null, manifest, privateKey);
}

/** Ed25519 over the manifest's exact bytes. */
export function signatureValid(manifest: Buffer, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return verify(null, manifest, publicKey, signature);
  } catch {
    return false;
  }
}

/** A PEM public key file's content as an Ed25519 key, or an error naming the file. */
export function parsePublicKey(pem: string, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new ManifestError(`${file} is not a PEM public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ManifestError(`${file} is a ${key.asymmetricKeyType} key; update keys are Ed25519`);
  }
  return key;
}

/**
 * The compatibility rule (rule 1: accepted means stored — a release that cannot read the database
 * must never run on it): a release may run when the newest schema it knows is at least the database's.
 * An older release refuses a newer database at start (app/storage/migrate.ts DatabaseTooNewError), so
 * installing or rolling back to it would only stop the box.
 */
export function canReadDatabase(releaseSchemaVersion: number, databaseSchemaVersion: number): boolean {
  return releaseSchemaVersion >= databaseSchemaVersion;
}
