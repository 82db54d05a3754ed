// better-sqlite3's native addon when KassaBox runs as a single executable (make dist). Inside a SEA,
// require() loads only Node's builtins, so better-sqlite3 cannot find its own .node file and a path in
// `nativeBinding` fails with ERR_UNKNOWN_BUILTIN_MODULE (../shared/research/appliance.md §2.3). The
// executable ships the addon of its own architecture beside itself; it is loaded here with
// process.dlopen and the loaded module is handed to better-sqlite3 as `nativeBinding`. Started as
// `node app/main.ts`, nothing changes: better-sqlite3 finds its prebuild as usual.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSea } from 'node:sea';
import type Database from 'better-sqlite3';

/** The file name make dist puts beside the executable (scripts/dist/build-dist.ts). */
export const NATIVE_SQLITE_FILE = 'better_sqlite3.node';

let loaded: object | undefined;

/** better-sqlite3 options that select the addon: empty outside a single executable. */
export function sqliteBindingOptions(): Database.Options {
  if (!isSea()) return {};
  loaded ??= loadBesideExecutable(join(dirname(process.execPath), NATIVE_SQLITE_FILE));
  // better-sqlite3 13 takes the addon object itself (lib/binding.js getBinding); @types/better-sqlite3
  // 9.6 still types the option as a path only.
  return { nativeBinding: loaded as unknown as string };
}

function loadBesideExecutable(file: string): object {
  if (!existsSync(file)) {
    // The executable was copied without the rest of its release directory.
    throw new Error(
      `${file} is missing: the kassabox executable needs the ${NATIVE_SQLITE_FILE} of its release beside it`,
    );
  }
  const module = { exports: {} };
  process.dlopen(module, file);
  return module.exports;
}
