// POST/GET /api/v1/update and POST /update/rollback (docs/updates.md). The service, running as the
// unprivileged kassabox user, only receives a bundle, checks it and stages it in updates/incoming; the
// root installer (systemd/kassabox-update.sh, woken by kassabox-update.path) does the rest. It never
// touches the database: an update keeps every payment, and a rollback only switches the executable.

import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { ApiError, conflict } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../storage/migrate.ts';
import type { Transaction } from '../storage/transaction.ts';
import { BundleRejected, verifyBundle } from './bundle.ts';
import {
  canReadDatabase,
  keyId,
  MANIFEST_MEMBER,
  parseManifest,
  parsePublicKey,
  type UpdateManifest,
} from './manifest.ts';
import { incomingWork, type ReleaseInfo, readKeyValueFile, releaseAt } from './release-state.ts';
import { BUNDLE_SUFFIX, ROLLBACK_REQUEST_FILE, type UpdateSettings, updatePaths } from './update-config.ts';
import { listTar, readMember } from './ustar.ts';

/** A dist tarball holds a ~110 MB executable (gzip makes it about a third); room for growth. */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export interface UpdateServiceOptions {
  settings: UpdateSettings;
  dataDir: string;
  db: Db;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  runningVersion: string;
  arch?: string;
  maxBytes?: number;
}

export interface StagedBundle {
  manifest: UpdateManifest;
  file: string;
}

export interface UpdateStatus {
  runningVersion: string;
  arch: string;
  schemaVersion: number;
  databaseSchemaVersion: number;
  current: ReleaseInfo | null;
  previous: ReleaseInfo | null;
  staged: UpdateManifest | null;
  rollbackRequested: boolean;
  rollback: { allowed: boolean; reason: string | null };
  /** The installer's updates/status file, as written (state, action, version, message, …). */
  lastResult: Record<string, string> | null;
}

export class UpdateService {
  private readonly options: UpdateServiceOptions;
  private readonly paths: ReturnType<typeof updatePaths>;
  private readonly arch: string;
  private receiving = false;

  constructor(options: UpdateServiceOptions) {
    this.options = options;
    this.paths = updatePaths(options.dataDir);
    this.arch = options.arch ?? process.arch;
  }

  /** The trusted keys, read at each upload so adding a key file needs no restart. */
  async trustedKeys(): Promise<Map<string, KeyObject>> {
    const keys = new Map<string, KeyObject>();
    let names: string[];
    try {
      names = await readdir(this.options.settings.keysDir);
    } catch {
      return keys;
    }
    for (const name of names.filter((n) => n.endsWith('.pub')).sort()) {
      const file = join(this.options.settings.keysDir, name);
      const key = parsePublicKey(await readFile(file, 'utf8'), file);
      keys.set(keyId(key), key);
    }
    return keys;
  }

  /**
   * Streams the body to a temp file (never whole in memory), checks it, and stages it by rename.
   * `declaredBytes` is the Content-Length: fewer bytes received means a cut upload.
   */
  async receive(
    body: Readable,
    declaredBytes: number | undefined,
    context: AuditContext,
  ): Promise<StagedBundle> {
    const maxBytes = this.options.maxBytes ?? MAX_BUNDLE_BYTES;
    if (declaredBytes !== undefined && declaredBytes > maxBytes) {
      body.resume();
      throw tooLarge(maxBytes);
    }
    if (this.receiving) {
      // Drained, so the client reads this answer instead of a reset connection.
      body.resume();
      throw conflict('Another bundle is being uploaded right now; wait for it to finish.');
    }
    // Taken before the first await: two uploads at once must not both pass the checks below.
    this.receiving = true;
    const temp = join(this.paths.upload, `${randomUUID()}.part`);
    try {
      try {
        await this.refuseWhileBusy();
      } catch (error) {
        body.resume();
        throw error;
      }
      await mkdir(this.paths.upload, { recursive: true, mode: 0o750 });
      await mkdir(this.paths.incoming, { recursive: true, mode: 0o750 });
      const received = await this.writeLimited(body, temp, maxBytes);
      if (declaredBytes !== undefined && received !== declaredBytes) {
        throw new ApiError(
          'update_rejected',
          `The upload was cut off: ${received} of ${declaredBytes} bytes arrived. Upload the bundle again.`,
        );
      }
      let manifest: UpdateManifest;
      try {
        manifest = await verifyBundle(temp, {
          keys: await this.trustedKeys(),
          arch: this.arch,
          runningVersion: this.options.runningVersion,
          databaseSchemaVersion: schemaVersion(this.options.db),
        });
      } catch (error) {
        if (!(error instanceof BundleRejected)) throw error;
        this.audited(context, 'update.rejected', {
          reason: error.reason,
          message: error.message,
          bytes: received,
        });
        throw new ApiError('update_rejected', error.message);
      }
      const file = join(this.paths.incoming, `${manifest.version}${BUNDLE_SUFFIX}`);
      // Durable before it is announced: the bytes, then the name (rename is atomic), then the directory.
      await rename(temp, file);
      await fsyncPath(this.paths.incoming);
      this.audited(context, 'update.staged', {
        version: manifest.version,
        arch: manifest.arch,
        schema_version: manifest.schemaVersion,
        release_sha256: manifest.releaseSha256,
        key_id: manifest.keyId,
        from_version: this.options.runningVersion,
      });
      return { manifest, file };
    } finally {
      this.receiving = false;
      await rm(temp, { force: true });
    }
  }

  async status(): Promise<UpdateStatus> {
    const { releasesDir } = this.options.settings;
    const work = await incomingWork(this.paths.incoming);
    let staged: UpdateManifest | null = null;
    if (work.bundles[0] !== undefined)
      staged = await readStagedManifest(join(this.paths.incoming, work.bundles[0]));
    const current = await releaseAt(releasesDir, 'current');
    const previous = await releaseAt(releasesDir, 'previous');
    const databaseSchemaVersion = schemaVersion(this.options.db);
    return {
      runningVersion: this.options.runningVersion,
      arch: this.arch,
      schemaVersion: LATEST_SCHEMA_VERSION,
      databaseSchemaVersion,
      current,
      previous,
      staged,
      rollbackRequested: work.rollbackRequested,
      rollback: rollbackVerdict(previous, databaseSchemaVersion),
      lastResult: await readKeyValueFile(this.paths.status),
    };
  }

  /** Asks the installer to switch back to `previous`; allowed only while it can read the database. */
  async requestRollback(context: AuditContext): Promise<UpdateStatus> {
    await this.refuseWhileBusy();
    const status = await this.status();
    if (!status.rollback.allowed) throw conflict(`Rollback is not possible: ${status.rollback.reason}`);
    const previous = status.previous!;
    await mkdir(this.paths.upload, { recursive: true, mode: 0o750 });
    await mkdir(this.paths.incoming, { recursive: true, mode: 0o750 });
    const request = [
      `to_version=${previous.version}`,
      `from_version=${status.current?.version ?? this.options.runningVersion}`,
      `requested_at=${this.options.clock.now().toISOString()}`,
      `requested_by=${context.actor.name ?? context.actor.kind}`,
    ].join('\n');
    await writeFileAtomically(
      this.paths.upload,
      join(this.paths.incoming, ROLLBACK_REQUEST_FILE),
      `${request}\n`,
    );
    this.audited(context, 'update.rollback_requested', {
      from_version: status.current?.version ?? this.options.runningVersion,
      to_version: previous.version,
    });
    return { ...status, rollbackRequested: true };
  }

  private async refuseWhileBusy(): Promise<void> {
    const work = await incomingWork(this.paths.incoming);
    if (work.bundles.length > 0 || work.rollbackRequested) {
      throw conflict(
        `The installer has not yet taken ${work.bundles[0] ?? 'the rollback request'}; wait until GET /update shows its result.`,
      );
    }
    const last = await readKeyValueFile(this.paths.status);
    if (last?.state === 'installing' || last?.state === 'rolling_back') {
      throw conflict(`The installer is busy (${last.state} ${last.version ?? ''}); wait for its result.`);
    }
  }

  private async writeLimited(body: Readable, temp: string, maxBytes: number): Promise<number> {
    let received = 0;
    let overflow = false;
    const file = createWriteStream(temp, { mode: 0o640, flags: 'wx' });
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            received += chunk.length;
            if (received > maxBytes) {
              overflow = true;
              throw tooLarge(maxBytes);
            }
            yield chunk;
          }
        },
        file,
      );
    } catch (error) {
      if (overflow) throw tooLarge(maxBytes);
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new ApiError(
          'update_rejected',
          `The data partition is full after ${received} bytes of the bundle; free some space and upload it again.`,
        );
      }
      // The client went away mid-upload: what arrived is checked below and refused as truncated.
      if (!(error instanceof Error && /aborted|premature|ECONNRESET/i.test(error.message))) throw error;
    }
    await fsyncPath(temp);
    return received;
  }

  private audited(context: AuditContext, action: string, after: object): void {
    this.options.transaction(() =>
      this.options.audit.record(context, {
        action,
        entity: 'update',
        entityId: (after as { version?: string }).version ?? null,
        after,
      }),
    );
  }
}

export function rollbackVerdict(
  previous: ReleaseInfo | null,
  databaseSchemaVersion: number,
): { allowed: boolean; reason: string | null } {
  if (previous === null) return { allowed: false, reason: 'there is no previous release on this box.' };
  if (previous.schemaVersion === null) {
    return {
      allowed: false,
      reason: `it is not known which database schema version ${previous.version} reads (no SCHEMA_VERSION).`,
    };
  }
  if (!canReadDatabase(previous.schemaVersion, databaseSchemaVersion)) {
    return {
      allowed: false,
      reason:
        `version ${previous.version} reads databases up to schema ${previous.schemaVersion}, but the database is at ` +
        `schema ${databaseSchemaVersion} (the newer version upgraded it). It would refuse to start; install a fixed newer version instead.`,
    };
  }
  return { allowed: true, reason: null };
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('payload_too_large', `An update bundle may be at most ${maxBytes} bytes.`);
}

async function readStagedManifest(file: string): Promise<UpdateManifest | null> {
  try {
    const members = await listTar(file);
    const member = members.find((m) => m.name === MANIFEST_MEMBER);
    return member === undefined ? null : parseManifest(await readMember(file, member, 4096));
  } catch {
    return null;
  }
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** temp name in `tempDir` (same filesystem), fsync, rename over `target`, fsync its directory. */
async function writeFileAtomically(tempDir: string, target: string, content: string): Promise<void> {
  const temp = join(tempDir, `${randomUUID()}.part`);
  const handle = await open(temp, 'wx', 0o640);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  await fsyncPath(join(target, '..'));
}
