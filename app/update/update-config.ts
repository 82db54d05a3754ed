// Where the update machinery lives on the box (contract of issue 6, docs/updates.md "Files"). The
// defaults are the appliance's paths; tests point them at temp directories.
import { join, resolve } from 'node:path';
import type { Environment } from '../config.ts';

export interface UpdateSettings {
  /** Trusted Ed25519 public keys, `*.pub` (PEM). */
  keysDir: string;
  /** `/var/lib/kassabox-releases`: `<version>/`, `current`, `previous` (root-owned; read here). */
  releasesDir: string;
}

export const DEFAULT_UPDATE_KEYS_DIR = '/etc/kassabox/update-keys';
export const DEFAULT_RELEASES_DIR = '/var/lib/kassabox-releases';

export function parseUpdateSettings(env: Environment): UpdateSettings {
  return {
    keysDir: resolve(env.KASSABOX_UPDATE_KEYS_DIR?.trim() || DEFAULT_UPDATE_KEYS_DIR),
    releasesDir: resolve(env.KASSABOX_RELEASES_DIR?.trim() || DEFAULT_RELEASES_DIR),
  };
}

/** The files under the data directory that the service and the root installer share. */
export function updatePaths(dataDir: string) {
  const updates = join(dataDir, 'updates');
  return {
    updates,
    /** Watched by kassabox-update.path: a verified bundle or a rollback request lands here by rename. */
    incoming: join(updates, 'incoming'),
    /** Uploads being received: outside `incoming`, so a half-written file never wakes the installer. */
    upload: join(updates, 'upload'),
    /** The installer's last result (key=value), read by GET /update. */
    status: join(updates, 'status'),
  };
}

export const ROLLBACK_REQUEST_FILE = 'rollback.request';
export const BUNDLE_SUFFIX = '.kbupdate';
