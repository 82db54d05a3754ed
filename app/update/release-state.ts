// What the box knows about its releases and the installer's work (docs/updates.md "Files"): the
// `current`/`previous` links of /var/lib/kassabox-releases, each release's SCHEMA_VERSION, the staged
// bundle or rollback request in updates/incoming, and the installer's last result in updates/status.
// All of it is written by root (systemd/kassabox-update.sh) except what the service stages; read only here.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BUNDLE_SUFFIX, ROLLBACK_REQUEST_FILE } from './update-config.ts';

export interface ReleaseInfo {
  version: string;
  /** The newest database schema the release reads; null when the installer has not recorded it. */
  schemaVersion: number | null;
}

export async function releaseAt(
  releasesDir: string,
  link: 'current' | 'previous',
): Promise<ReleaseInfo | null> {
  let target: string;
  try {
    target = await readlink(join(releasesDir, link));
  } catch {
    return null;
  }
  const version = basename(target);
  let schemaVersion: number | null = null;
  try {
    const raw = (await readFile(join(releasesDir, version, 'SCHEMA_VERSION'), 'utf8')).trim();
    if (/^\d+$/.test(raw)) schemaVersion = Number(raw);
  } catch {
    schemaVersion = null;
  }
  return { version, schemaVersion };
}

/** `key=value` lines, as the installer writes them; unknown keys are kept, later lines win. */
export function parseKeyValues(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) fields[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return fields;
}

export async function readKeyValueFile(file: string): Promise<Record<string, string> | null> {
  try {
    return parseKeyValues(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface IncomingWork {
  /** File names of staged bundles (normally at most one). */
  bundles: string[];
  rollbackRequested: boolean;
}

export async function incomingWork(incomingDir: string): Promise<IncomingWork> {
  let names: string[];
  try {
    names = await readdir(incomingDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { bundles: [], rollbackRequested: false };
    throw error;
  }
  return {
    bundles: names.filter((name) => name.endsWith(BUNDLE_SUFFIX)).sort(),
    rollbackRequested: names.includes(ROLLBACK_REQUEST_FILE),
  };
}
