// The web UI inside the single executable (make dist). The build (ui/build) is stored as SEA assets
// named `ui/<path>`; at start they are written once to a directory, and the usual static file server
// (app/http/static-ui.ts) serves that directory — one way of serving files, with its content types,
// ETags and ranges, whether KassaBox runs from a checkout or as the executable.
// The directory is $RUNTIME_DIRECTORY (tmpfs under systemd's RuntimeDirectory=: no SD-card writes) when
// set, else the data directory; it is rebuilt at every start, so it never holds another version's files.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, normalize, sep } from 'node:path';
import { getAsset, getAssetKeys, isSea } from 'node:sea';
import type { Config, Environment } from '../config.ts';

/** The asset-name prefix scripts/dist/build-dist.ts gives the files of ui/build. */
export const UI_ASSET_PREFIX = 'ui/';

/** The folder (inside the runtime or data directory) the embedded UI is written to. */
export const EMBEDDED_UI_FOLDER = 'kassabox-ui';

/**
 * The config with uiDir pointing at the embedded UI, when running as the executable and no
 * KASSABOX_UI_DIR was given (an operator's own build wins). Unchanged otherwise.
 */
export async function withEmbeddedUi(config: Config, env: Environment): Promise<Config> {
  if (!isSea() || env.KASSABOX_UI_DIR?.trim()) return config;
  // RuntimeDirectory= may list several directories, exported colon-separated; the first is ours.
  const base = env.RUNTIME_DIRECTORY?.split(':')[0]?.trim() || config.dataDir;
  const uiDir = await writeUiFiles(join(base, EMBEDDED_UI_FOLDER), embeddedFiles());
  return { ...config, uiDir };
}

export interface UiFile {
  /** Relative to the UI folder, with forward slashes. */
  path: string;
  content: Uint8Array;
}

function embeddedFiles(): UiFile[] {
  return getAssetKeys()
    .filter((key) => key.startsWith(UI_ASSET_PREFIX))
    .map((key) => ({ path: key.slice(UI_ASSET_PREFIX.length), content: new Uint8Array(getAsset(key)) }));
}

/**
 * Writes the files into a fresh sibling folder and then moves it into place, so the server never
 * serves a half-written UI. Returns the folder. Exported for the tests, which have no SEA.
 */
export async function writeUiFiles(target: string, files: readonly UiFile[]): Promise<string> {
  await removeStaleStaging(target);
  const staging = `${target}.${process.pid}.new`;
  for (const file of files) {
    const relative = normalize(file.path);
    // Asset names come from our own build, but a name leaving the folder would still be a bug to refuse.
    if (relative.startsWith(`..${sep}`) || relative === '..' || relative.startsWith(sep)) {
      throw new Error(`embedded UI file name leaves its folder: ${file.path}`);
    }
    const destination = join(staging, relative);
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(destination, file.content);
  }
  await mkdir(staging, { recursive: true });
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return target;
}

/** What a start that was killed half-way through writing left behind (another process id's folder). */
async function removeStaleStaging(target: string): Promise<void> {
  const parent = dirname(target);
  const prefix = `${basename(target)}.`;
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.new')) {
      await rm(join(parent, name), { recursive: true, force: true });
    }
  }
}
