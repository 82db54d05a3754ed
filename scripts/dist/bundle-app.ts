// app/main.ts and every npm dependency in one CommonJS file, the form a single executable runs: inside a
// SEA, require() reaches only Node's builtins, so nothing may be left to load from node_modules — not
// even the packages loaded on first use (`await import('nodemailer')`, net-snmp, mysql2, pg, …).
// esbuild puts them in the same file as lazily initialised modules (`Promise.resolve().then(() =>
// require_x())`), so they still cost nothing until first used, and it strips the TypeScript types.
import { isBuiltin } from 'node:module';
import { buildSync } from 'esbuild';
import { ROOT } from './targets.ts';

// Optional packages that dependencies require inside try/catch and that are not installed, so esbuild
// leaves them outside: pg's `pg.native` (pg-native, a native addon we do not use) and debug's colours.
const ABSENT_OPTIONAL = new Set(['pg-native', 'supports-color']);

/** Bundles into `outfile`; returns its size in bytes. */
export function bundleApp(outfile: string): number {
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: ['app/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    // A CommonJS file has no import.meta. The one use in the server (config.ts: the default UI folder of
    // a checkout) gets the executable's own file URL; the executable points uiDir at its embedded UI
    // instead (app/sea/embedded-ui.ts), so the value only has to be a valid URL.
    define: {
      'import.meta.url': 'kassaboxModuleUrl',
      'import.meta.dirname': '__dirname',
      // app/cli/reset-password.ts runs itself only as the entry point; in the executable main.ts calls it.
      'import.meta.main': 'false',
    },
    banner: { js: 'const kassaboxModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    metafile: true,
    logLevel: 'warning',
    // better-sqlite3's require() of its addon by a computed path, never reached: the executable passes
    // the loaded addon (app/sea/native-sqlite.ts). pg's optional pg-native is never installed.
    logOverride: { 'unsupported-require-call': 'silent' },
  });
  if (result.errors.length > 0) throw new Error('esbuild failed');
  const output = Object.values(result.metafile?.outputs ?? {})[0];
  if (!output) throw new Error('esbuild wrote no output');
  // Whatever the bundle still requires from outside would fail only on the box, at first use.
  const outside = output.imports
    .filter(
      (imported) => imported.external && !isBuiltin(imported.path) && !ABSENT_OPTIONAL.has(imported.path),
    )
    .map((imported) => imported.path);
  if (outside.length > 0) {
    throw new Error(`the bundle requires packages it does not contain: ${[...new Set(outside)].join(', ')}`);
  }
  return output.bytes;
}
