// Writing and checking a .kbupdate bundle (docs/updates.md "The bundle"): a ustar of the manifest, its
// Ed25519 signature and the dist tarball of `make dist`. The box checks everything before it keeps a
// bundle, and the root installer checks it all again (it never trusts what the service wrote).
import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import {
  BUNDLE_MEMBERS,
  canReadDatabase,
  keyId,
  MANIFEST_MEMBER,
  ManifestError,
  parseManifest,
  RELEASE_MEMBER,
  SIGNATURE_MEMBER,
  serializeManifest,
  signatureValid,
  signManifest,
  type UpdateArch,
  type UpdateManifest,
} from './manifest.ts';
import { listTar, readMember, TarFormatError, USTAR_END, ustarHeader, ustarPadding } from './ustar.ts';

export async function sha256OfFile(file: string, start = 0, length?: number): Promise<string> {
  const hash = createHash('sha256');
  const end = length === undefined ? undefined : start + length - 1;
  if (length === 0) return hash.digest('hex');
  await pipeline(createReadStream(file, { start, ...(end === undefined ? {} : { end }) }), hash);
  return hash.digest('hex');
}

export interface WriteBundleOptions {
  /** dist/kassabox-<version>-linux-<arch>.tar.gz */
  releaseTarball: string;
  version: string;
  arch: UpdateArch;
  schemaVersion: number;
  privateKey: KeyObject;
  publicKey: KeyObject;
  createdAt: Date;
  output: string;
}

/** Writes the bundle, streaming the tarball (never loaded whole). Answers the signed manifest. */
export async function writeBundle(options: WriteBundleOptions): Promise<UpdateManifest> {
  const { size } = await stat(options.releaseTarball);
  const manifest: UpdateManifest = {
    version: options.version,
    arch: options.arch,
    schemaVersion: options.schemaVersion,
    releaseFile: options.releaseTarball.split('/').pop()!,
    releaseSha256: await sha256OfFile(options.releaseTarball),
    releaseSize: size,
    keyId: keyId(options.publicKey),
    createdAt: options.createdAt.toISOString(),
  };
  const manifestBytes = serializeManifest(manifest);
  // Round trip: what is signed must be what the box will parse.
  parseManifest(manifestBytes);
  const signature = signManifest(manifestBytes, options.privateKey);
  const mtime = options.createdAt.getTime() / 1000;
  const out = createWriteStream(options.output, { mode: 0o644 });
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));
  try {
    for (const [name, data] of [
      [MANIFEST_MEMBER, manifestBytes],
      [SIGNATURE_MEMBER, signature],
    ] as const) {
      await write(ustarHeader(name, data.length, mtime));
      await write(data);
      await write(ustarPadding(data.length));
    }
    await write(ustarHeader(RELEASE_MEMBER, size, mtime));
    for await (const chunk of createReadStream(options.releaseTarball)) await write(chunk as Buffer);
    await write(ustarPadding(size));
    await write(USTAR_END);
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  return manifest;
}

/** Why a bundle was refused; the message names what was wrong (docs/updates.md lists them). */
export type RejectionReason =
  | 'not_a_bundle'
  | 'truncated'
  | 'bad_manifest'
  | 'unknown_key'
  | 'bad_signature'
  | 'checksum_mismatch'
  | 'wrong_arch'
  | 'same_version'
  | 'database_too_new';

export class BundleRejected extends Error {
  readonly reason: RejectionReason;

  constructor(reason: RejectionReason, message: string) {
    super(message);
    this.name = 'BundleRejected';
    this.reason = reason;
  }
}

export interface BundleExpectations {
  /** The trusted public keys by keyId (update-keys.ts). */
  keys: ReadonlyMap<string, KeyObject>;
  /** process.arch of the box. */
  arch: string;
  runningVersion: string;
  /** PRAGMA user_version of the box's database. */
  databaseSchemaVersion: number;
}

const MAX_MANIFEST_BYTES = 4096;
const ED25519_SIGNATURE_BYTES = 64;

/** Checks a bundle on disk; answers its manifest or throws BundleRejected. */
export async function verifyBundle(file: string, expect: BundleExpectations): Promise<UpdateManifest> {
  let members: Awaited<ReturnType<typeof listTar>>;
  try {
    members = await listTar(file);
  } catch (error) {
    if (!(error instanceof TarFormatError)) throw error;
    const truncated = /truncated|ends after/.test(error.message);
    throw new BundleRejected(
      truncated ? 'truncated' : 'not_a_bundle',
      `The bundle is unusable: ${error.message}.`,
    );
  }
  const names = members.map((member) => member.name);
  if (names.join('\n') !== BUNDLE_MEMBERS.join('\n')) {
    throw new BundleRejected(
      'not_a_bundle',
      `The file is not a KassaBox update bundle: it holds ${JSON.stringify(names)}, expected ${JSON.stringify(BUNDLE_MEMBERS)}.`,
    );
  }
  const [manifestMember, signatureMember, releaseMember] = members as [
    (typeof members)[0],
    (typeof members)[0],
    (typeof members)[0],
  ];
  let manifestBytes: Buffer;
  let manifest: UpdateManifest;
  try {
    manifestBytes = await readMember(file, manifestMember, MAX_MANIFEST_BYTES);
    manifest = parseManifest(manifestBytes);
  } catch (error) {
    if (error instanceof ManifestError || error instanceof TarFormatError) {
      throw new BundleRejected('bad_manifest', `The bundle's manifest is invalid: ${error.message}.`);
    }
    throw error;
  }
  const key = expect.keys.get(manifest.keyId);
  if (key === undefined) {
    const known = [...expect.keys.keys()];
    throw new BundleRejected(
      'unknown_key',
      `The bundle is signed by key ${manifest.keyId}, which this box does not trust ` +
        `(trusted: ${known.length === 0 ? 'none — no key in the update keys directory' : known.join(', ')}).`,
    );
  }
  const signature =
    signatureMember.size === ED25519_SIGNATURE_BYTES
      ? await readMember(file, signatureMember, ED25519_SIGNATURE_BYTES)
      : Buffer.alloc(0);
  if (!signatureValid(manifestBytes, signature, key)) {
    throw new BundleRejected(
      'bad_signature',
      `The manifest's signature does not verify with key ${manifest.keyId}: the bundle was changed after signing.`,
    );
  }
  // From here the manifest is the signer's word.
  if (releaseMember.size !== manifest.releaseSize) {
    throw new BundleRejected(
      'checksum_mismatch',
      `The release tarball is ${releaseMember.size} bytes, the signed manifest says ${manifest.releaseSize}.`,
    );
  }
  const sha256 = await sha256OfFile(file, releaseMember.offset, releaseMember.size);
  if (sha256 !== manifest.releaseSha256) {
    throw new BundleRejected(
      'checksum_mismatch',
      `The release tarball's sha256 is ${sha256}, the signed manifest says ${manifest.releaseSha256}: it was changed.`,
    );
  }
  if (manifest.arch !== expect.arch) {
    throw new BundleRejected(
      'wrong_arch',
      `The bundle is for ${manifest.arch}, this box is ${expect.arch}: build it with \`make dist\` for linux-${expect.arch}.`,
    );
  }
  if (manifest.version === expect.runningVersion) {
    throw new BundleRejected('same_version', `Version ${manifest.version} is the one running already.`);
  }
  if (!canReadDatabase(manifest.schemaVersion, expect.databaseSchemaVersion)) {
    throw new BundleRejected(
      'database_too_new',
      `Version ${manifest.version} reads databases up to schema ${manifest.schemaVersion}, but this box's database ` +
        `is at schema ${expect.databaseSchemaVersion}: it would refuse to start. Install a newer version.`,
    );
  }
  return manifest;
}
