// POST/GET /api/v1/update and POST /update/rollback over a real box (fastify inject, SQLite in a temp dir).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../app/http/errors.ts';
import { LATEST_SCHEMA_VERSION } from '../../../app/storage/migrate.ts';
import { keyId } from '../../../app/update/manifest.ts';
import { UpdateService } from '../../../app/update/update-service.ts';
import { VERSION } from '../../../app/version.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { fakeBundle, type SigningKey, throwawayKey, trustKey } from '../../helpers/update-bundles.ts';

const work = mkdtempSync(join(tmpdir(), 'kassabox-update-api-'));
const keysDir = join(work, 'keys');
const signer = throwawayKey();
const stranger = throwawayKey();
const arch = process.arch as 'x64' | 'arm64';
let goodBundle: Buffer;

beforeAll(async () => {
  trustKey(keysDir, signer);
  goodBundle = readFileSync(
    (
      await fakeBundle(join(work, 'good'), {
        version: '99.0.0',
        arch,
        key: signer,
        schemaVersion: LATEST_SCHEMA_VERSION,
      })
    ).file,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let api: TestApi;
let releasesDir: string;
beforeEach(async () => {
  releasesDir = mkdtempSync(join(work, 'releases-'));
  api = await startTestApi({
    env: { KASSABOX_UPDATE_KEYS_DIR: keysDir, KASSABOX_RELEASES_DIR: releasesDir },
  });
});
afterEach(() => api.close());

const upload = (payload: Buffer, contentType = 'application/octet-stream') =>
  api.asAdmin({ method: 'POST', url: '/api/v1/update', payload, headers: { 'content-type': contentType } });
const incoming = () => readdirSync(join(api.dataDir, 'updates', 'incoming'));
const leftovers = () => readdirSync(join(api.dataDir, 'updates', 'upload'));

async function bundleOf(
  name: string,
  options: { version: string; key?: SigningKey; schemaVersion?: number; arch?: 'x64' | 'arm64' },
) {
  const { file } = await fakeBundle(join(work, name), {
    key: options.key ?? signer,
    schemaVersion: options.schemaVersion ?? LATEST_SCHEMA_VERSION,
    arch: options.arch ?? arch,
    version: options.version,
  });
  return readFileSync(file);
}

describe('POST /api/v1/update', () => {
  it('stages a good bundle in updates/incoming, audits who uploaded it, and shows it in GET /update', async () => {
    const response = await upload(goodBundle);
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().staged).toMatchObject({
      version: '99.0.0',
      arch,
      key_id: keyId(signer.publicKey),
    });
    expect(incoming()).toEqual(['99.0.0.kbupdate']);
    expect(readFileSync(join(api.dataDir, 'updates', 'incoming', '99.0.0.kbupdate')).equals(goodBundle)).toBe(
      true,
    );
    expect(leftovers()).toEqual([]);

    const [row] = api.deps.audit.list({ action: 'update.staged', limit: 5 });
    expect(row).toMatchObject({ actorName: 'admin', entity: 'update', entityId: '99.0.0' });
    expect(JSON.parse(row!.afterJson!)).toMatchObject({ version: '99.0.0', from_version: VERSION });

    const status = await api.asAdmin({ method: 'GET', url: '/api/v1/update' });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      running_version: VERSION,
      arch,
      schema_version: LATEST_SCHEMA_VERSION,
      database_schema_version: LATEST_SCHEMA_VERSION,
      staged: { version: '99.0.0' },
      rollback: { allowed: false },
      last_result: null,
    });

    // One at a time: the installer has not taken the first one yet.
    const second = await upload(await bundleOf('second', { version: '99.0.1' }));
    expect(second.statusCode).toBe(409);
    expect(incoming()).toEqual(['99.0.0.kbupdate']);
  });

  it('refuses an unknown key, a changed tarball, another arch and a release older than the database, each by name', async () => {
    const cases: [Buffer, RegExp][] = [
      [
        await bundleOf('stranger', { version: '99.1.0', key: stranger }),
        new RegExp(`key ${keyId(stranger.publicKey)}.*does not trust`),
      ],
      [tamperRelease(goodBundle), /sha256/],
      [
        await bundleOf('arm', { version: '99.2.0', arch: arch === 'x64' ? 'arm64' : 'x64' }),
        new RegExp(`this box is ${arch}`),
      ],
      [
        await bundleOf('old', { version: '0.0.1', schemaVersion: LATEST_SCHEMA_VERSION - 1 }),
        /reads databases up to schema/,
      ],
      [goodBundle.subarray(0, goodBundle.length - 1200), /truncated|cut off|ends after/],
    ];
    for (const [payload, message] of cases) {
      const response = await upload(payload);
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().error.code).toBe('update_rejected');
      expect(response.json().error.message).toMatch(message);
    }
    expect(incoming()).toEqual([]);
    expect(leftovers()).toEqual([]);
    expect(api.deps.audit.list({ action: 'update.rejected', limit: 10 })).toHaveLength(cases.length);
  });

  it('wants application/octet-stream, and a bundle within the size limit', async () => {
    const json = await api.asAdmin({ method: 'POST', url: '/api/v1/update', payload: { bundle: 'x' } });
    expect(json.statusCode).toBe(415);

    api.deps.updates = new UpdateService({ ...serviceOptions(api, releasesDir), maxBytes: 1000 });
    const big = await upload(goodBundle);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
  });

  it('takes one upload at a time', async () => {
    const admin = { actor: { kind: 'user' as const, id: 1, name: 'admin' }, ip: null };
    const slow = new PassThrough();
    const first = api.deps.updates.receive(slow, goodBundle.length, admin);
    const second = await api.deps.updates
      .receive(Readable.from([goodBundle]), goodBundle.length, admin)
      .catch((e: unknown) => e);
    expect((second as ApiError).code).toBe('conflict');
    slow.end(goodBundle);
    expect((await first).manifest.version).toBe('99.0.0');
    expect(incoming()).toEqual(['99.0.0.kbupdate']);
  });

  it('refuses a body that ends before its Content-Length (a cut connection)', async () => {
    const body = Readable.from([goodBundle.subarray(0, 3000)]);
    const error = await api.deps.updates
      .receive(body, goodBundle.length, { actor: { kind: 'user', id: 1, name: 'admin' }, ip: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('update_rejected');
    expect((error as ApiError).message).toContain(`3000 of ${goodBundle.length} bytes`);
    expect(incoming()).toEqual([]);
  });
});

describe('POST /api/v1/update/rollback', () => {
  function release(version: string, schema: number | null): void {
    mkdirSync(join(releasesDir, version), { recursive: true });
    writeFileSync(join(releasesDir, version, 'kassabox'), '#!/bin/sh\n');
    if (schema !== null) writeFileSync(join(releasesDir, version, 'SCHEMA_VERSION'), `${schema}\n`);
  }

  it('is refused without a previous release, or when the previous one cannot read the database', async () => {
    const none = await api.asAdmin({ method: 'POST', url: '/api/v1/update/rollback' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.message).toContain('no previous release');

    release('2.0.0', LATEST_SCHEMA_VERSION);
    release('1.0.0', LATEST_SCHEMA_VERSION - 1);
    symlinkSync('2.0.0', join(releasesDir, 'current'));
    symlinkSync('1.0.0', join(releasesDir, 'previous'));
    const tooOld = await api.asAdmin({ method: 'POST', url: '/api/v1/update/rollback' });
    expect(tooOld.statusCode).toBe(409);
    expect(tooOld.json().error.message).toContain(`up to schema ${LATEST_SCHEMA_VERSION - 1}`);
    expect(existsSync(join(api.dataDir, 'updates', 'incoming', 'rollback.request'))).toBe(false);
  });

  it('writes a rollback request for the installer when the previous release can read the database', async () => {
    release('2.0.0', LATEST_SCHEMA_VERSION);
    release('1.0.0', LATEST_SCHEMA_VERSION);
    symlinkSync('2.0.0', join(releasesDir, 'current'));
    symlinkSync('1.0.0', join(releasesDir, 'previous'));
    const response = await api.asAdmin({ method: 'POST', url: '/api/v1/update/rollback' });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({
      current: { version: '2.0.0' },
      previous: { version: '1.0.0', schema_version: LATEST_SCHEMA_VERSION },
      rollback_requested: true,
    });
    const request = readFileSync(join(api.dataDir, 'updates', 'incoming', 'rollback.request'), 'utf8');
    expect(request).toContain('to_version=1.0.0');
    expect(request).toContain('requested_by=admin');
    expect(api.deps.audit.list({ action: 'update.rollback_requested', limit: 5 })).toHaveLength(1);
    // A second request waits for the first.
    expect((await api.asAdmin({ method: 'POST', url: '/api/v1/update/rollback' })).statusCode).toBe(409);
  });

  it('shows the installer’s last result', async () => {
    mkdirSync(join(api.dataDir, 'updates'), { recursive: true });
    writeFileSync(
      join(api.dataDir, 'updates', 'status'),
      'state=rolled_back\naction=install\nversion=2.0.0\nfrom_version=1.0.0\nmessage=Version 2.0.0 did not become ready\n',
    );
    const status = await api.asAdmin({ method: 'GET', url: '/api/v1/update' });
    expect(status.json().last_result).toMatchObject({
      state: 'rolled_back',
      version: '2.0.0',
      from_version: '1.0.0',
    });
  });
});

function tamperRelease(bundle: Buffer): Buffer {
  const copy = Buffer.from(bundle);
  copy[5 * 512 + 20]! ^= 0xff;
  return copy;
}

function serviceOptions(api: TestApi, releases: string) {
  return {
    settings: { keysDir, releasesDir: releases },
    dataDir: api.dataDir,
    db: api.deps.db,
    audit: api.deps.audit,
    transaction: api.deps.transaction,
    clock: api.deps.clock,
    runningVersion: VERSION,
  };
}
