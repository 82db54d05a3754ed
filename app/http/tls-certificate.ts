// The certificate the box serves HTTPS with. An appliance on a provider's LAN has no public name a CA
// could vouch for, so it makes a self-signed one at first start and keeps it in <data dir>/tls: the
// browser's "accept this certificate" is then asked once, not after every restart. An operator with a
// certificate of their own names it with KASSABOX_TLS_CERT / KASSABOX_TLS_KEY instead.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { TlsConfig } from '../tls-config.ts';

export const TLS_DIR = 'tls';
export const CERT_FILE = 'cert.pem';
export const KEY_FILE = 'key.pem';

const VALIDITY_YEARS = 10;
// The Pi has no battery clock: before NTP answers it may run behind, and a certificate "not yet valid"
// would lock everyone out. A day of slack covers fake-hwclock's restored time.
const BACKDATE_MS = 24 * 60 * 60 * 1000;

export interface TlsMaterial {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  /** 'generated' on first start, 'reused' after, 'operator' for KASSABOX_TLS_CERT/KEY. */
  origin: 'generated' | 'reused' | 'operator';
  /** SHA-256 fingerprint, printed so a technician can compare it with what the browser shows. */
  fingerprint: string;
  validTo: Date;
}

/** The names and addresses the certificate is made for. */
export interface BoxIdentity {
  hostname: string;
  /** Non-internal IPv4 addresses of the box. */
  addresses: string[];
}

export function currentIdentity(): BoxIdentity {
  const addresses = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
  return { hostname: hostname(), addresses };
}

export interface TlsContext {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Tests pin the names; the box asks the OS. */
  identity?: BoxIdentity;
}

/** The certificate and key to serve, or undefined when TLS is off. Throws with the file and the reason. */
export async function loadTlsMaterial(tls: TlsConfig, context: TlsContext): Promise<TlsMaterial | undefined> {
  if (tls.mode === 'off') return undefined;
  if (tls.mode === 'files') {
    const pair = await readPair(tls.certFile, tls.keyFile);
    if (typeof pair === 'string') throw new Error(`KASSABOX_TLS_CERT/KASSABOX_TLS_KEY: ${pair}`);
    return { ...pair, origin: 'operator' };
  }

  const dir = join(context.dataDir, TLS_DIR);
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  const existing = await readPair(certFile, keyFile);
  if (typeof existing !== 'string') {
    if (existing.validTo.getTime() > context.clock.now().getTime()) return { ...existing, origin: 'reused' };
    context.logger.warn(
      { certFile, validTo: existing.validTo },
      'the box certificate expired; making a new one',
    );
  } else if (!existing.includes('ENOENT')) {
    // A damaged pair must not keep the UI down: a new certificate only costs one browser prompt.
    context.logger.warn({ certFile, problem: existing }, 'the box certificate is unusable; making a new one');
  }
  const made = await generateCertificate(context.identity ?? currentIdentity(), context.clock.now());
  await writePair(dir, made);
  const written = await readPair(certFile, keyFile);
  if (typeof written === 'string') throw new Error(`the new certificate in ${dir} is unusable: ${written}`);
  context.logger.info({ certFile, fingerprint: written.fingerprint }, 'made a self-signed certificate');
  return { ...written, origin: 'generated' };
}

async function generateCertificate(identity: BoxIdentity, now: Date): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date(now.getTime() - BACKDATE_MS);
  const notAfterDate = new Date(now);
  notAfterDate.setUTCFullYear(notAfterDate.getUTCFullYear() + VALIDITY_YEARS);
  const names = new Set([identity.hostname, 'localhost']);
  // Avahi answers <hostname>.local on the LAN, which is how a technician usually finds a Pi.
  if (!identity.hostname.includes('.')) names.add(`${identity.hostname}.local`);
  const ips = new Set(['127.0.0.1', ...identity.addresses]);
  // Loaded only here: selfsigned pulls in a whole X.509/ASN.1 stack (about 5 MiB of idle RSS) that a box
  // needs once, on its first start.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: identity.hostname }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...names].map((value) => ({ type: 2 as const, value })),
          ...[...ips].map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

async function writePair(dir: string, pair: { cert: string; key: string }): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written beside and renamed, so a power cut leaves the old pair or the new one, never half a file;
  // the key first, because a certificate without its key is the worse leftover.
  for (const [name, text, mode] of [
    [KEY_FILE, pair.key, 0o600],
    [CERT_FILE, pair.cert, 0o644],
  ] as const) {
    const temporary = join(dir, `${name}.new`);
    await writeFile(temporary, text, { mode });
    await chmod(temporary, mode); // writeFile's mode only applies to a file it creates, and umask trims it
    await rename(temporary, join(dir, name));
  }
}

/** The pair as served, or why it cannot be (a string, for the message or the log). */
async function readPair(certFile: string, keyFile: string): Promise<Omit<TlsMaterial, 'origin'> | string> {
  let cert: string;
  let key: string;
  try {
    cert = await readFile(certFile, 'utf8');
    key = await readFile(keyFile, 'utf8');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  try {
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) return `${keyFile} is not the key of ${certFile}`;
    return { cert, key, certFile, keyFile, fingerprint: x509.fingerprint256, validTo: x509.validToDate };
  } catch (error) {
    return `${certFile} or ${keyFile} is not a PEM certificate and key (${(error as Error).message})`;
  }
}
