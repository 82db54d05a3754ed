// Makes a signed update bundle (docs/updates.md "Build and sign a bundle") from a tarball of make dist:
//   KASSABOX_UPDATE_SIGNING_KEY=/secure/kassabox-update.pem \
//     node scripts/dist/sign-update.ts dist/kassabox-1.2.0-linux-arm64.tar.gz   → dist/kassabox-1.2.0-linux-arm64.kbupdate
//   node scripts/dist/sign-update.ts --new-key /secure/kassabox-update          → .pem (private) and .pub
// The private key (Ed25519, PEM) never enters the repository; the box trusts the .pub files in
// /etc/kassabox/update-keys. The schema version is this checkout's LATEST_SCHEMA_VERSION, so the
// tarball must have been built from this checkout (its version must be app/version.ts VERSION).
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../../app/storage/migrate.ts';
import { writeBundle } from '../../app/update/bundle.ts';
import { keyId, UPDATE_ARCHES, type UpdateArch } from '../../app/update/manifest.ts';
import { VERSION } from '../../app/version.ts';

export const SIGNING_KEY_VARIABLE = 'KASSABOX_UPDATE_SIGNING_KEY';

function fail(message: string): never {
  process.stderr.write(`sign-update: ${message}\n`);
  process.exit(2);
}

function newKey(prefix: string): void {
  if (existsSync(`${prefix}.pem`) || existsSync(`${prefix}.pub`))
    fail(`${prefix}.pem or .pub exists already`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(`${prefix}.pem`, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(`${prefix}.pub`, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  process.stdout.write(
    `key ${keyId(publicKey)}: private ${prefix}.pem (keep it off the box and out of git), ` +
      `public ${prefix}.pub (copy to /etc/kassabox/update-keys/ on each box)\n`,
  );
}

async function sign(tarball: string, output: string | undefined): Promise<void> {
  const match = /^kassabox-(.+)-linux-([a-z0-9]+)\.tar\.gz$/.exec(basename(tarball));
  if (match === null) fail(`${tarball} is not named kassabox-<version>-linux-<arch>.tar.gz (make dist)`);
  const [, version, arch] = match;
  if (!(UPDATE_ARCHES as readonly string[]).includes(arch!)) fail(`unknown arch ${arch}`);
  if (version !== VERSION) {
    fail(
      `${tarball} is version ${version}, this checkout is ${VERSION}: sign it from the checkout that built it`,
    );
  }
  if (!existsSync(tarball)) fail(`${tarball} does not exist (run make dist)`);
  const keyFile = process.env[SIGNING_KEY_VARIABLE];
  if (keyFile === undefined || keyFile === '')
    fail(`set ${SIGNING_KEY_VARIABLE} to the private key's PEM file`);
  const privateKey = createPrivateKey(readFileSync(keyFile, 'utf8'));
  if (privateKey.asymmetricKeyType !== 'ed25519') fail(`${keyFile} is not an Ed25519 key`);
  const out = output ?? join(dirname(tarball), basename(tarball, '.tar.gz') + '.kbupdate');
  const manifest = await writeBundle({
    releaseTarball: tarball,
    version: version!,
    arch: arch as UpdateArch,
    schemaVersion: LATEST_SCHEMA_VERSION,
    privateKey,
    publicKey: createPublicKey(privateKey),
    createdAt: new Date(),
    output: out,
  });
  process.stdout.write(
    `${out}: version ${manifest.version} ${manifest.arch}, schema ${manifest.schemaVersion}, ` +
      `signed by key ${manifest.keyId}, release sha256 ${manifest.releaseSha256}\n`,
  );
}

const args = process.argv.slice(2);
if (args[0] === '--new-key' && args[1] !== undefined) newKey(args[1]);
else if (args[0] !== undefined && !args[0].startsWith('-')) {
  const outIndex = args.indexOf('--out');
  await sign(args[0], outIndex > 0 ? args[outIndex + 1] : undefined);
} else {
  fail(
    'usage: sign-update.ts <dist/kassabox-<version>-linux-<arch>.tar.gz> [--out file] | --new-key <path prefix>',
  );
}
