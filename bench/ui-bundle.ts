// The web UI's weight (issue 3 "Bundle budget"): the gzip size of the JavaScript in ui/build, in total and
// for the first visit (the entry chunks index.html preloads), against the 250 KB goal. The box serves the
// UI over a LAN, but technicians also open it over a slow VPN or a phone, and the Pi compresses nothing
// ahead of time — so this is what crosses the wire. Measures an existing build: run `make ui` first.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { round } from './stats.ts';
import { PROJECT_DIR } from './workspace.ts';

export const UI_JS_BUDGET_GZIP_KB = 250;

export interface BundleFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface UiBundleResult {
  buildDir: string;
  budgetGzipKB: number;
  jsFiles: number;
  jsKB: number;
  jsGzipKB: number;
  /** The scripts index.html loads or preloads: what a first visit to any page costs at least. */
  firstVisitJsGzipKB: number;
  cssGzipKB: number;
  withinBudget: boolean;
  largest: BundleFile[];
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((name) => join(directory, name))
    .filter((path) => statSync(path).isFile());
}

function measure(buildDir: string, path: string): BundleFile {
  const content = readFileSync(path);
  return {
    path: relative(buildDir, path),
    bytes: content.length,
    gzipBytes: gzipSync(content, { level: 9 }).length,
  };
}

const kilobytes = (bytes: number) => round(bytes / 1024, 1);
const sum = (files: BundleFile[], key: 'bytes' | 'gzipBytes') =>
  files.reduce((total, file) => total + file[key], 0);

/** Script URLs that index.html references (module scripts, modulepreload links, dynamic imports). */
function firstVisitScripts(indexHtml: string): Set<string> {
  const urls = new Set<string>();
  for (const match of indexHtml.matchAll(/["'](\.?\/?_app\/[^"']+\.js)["']/g))
    urls.add(match[1]!.replace(/^\.?\//, ''));
  return urls;
}

export function measureUiBundle(buildDir = join(PROJECT_DIR, 'ui', 'build')): UiBundleResult {
  const index = join(buildDir, 'index.html');
  if (!existsSync(index)) throw new Error(`${index} is missing: build the UI first (make ui)`);
  const files = filesUnder(buildDir).map((path) => measure(buildDir, path));
  const js = files.filter((file) => file.path.endsWith('.js'));
  const css = files.filter((file) => file.path.endsWith('.css'));
  const entry = firstVisitScripts(readFileSync(index, 'utf8'));
  const firstVisit = js.filter((file) => entry.has(file.path));
  const jsGzipKB = kilobytes(sum(js, 'gzipBytes'));
  return {
    buildDir: relative(PROJECT_DIR, buildDir),
    budgetGzipKB: UI_JS_BUDGET_GZIP_KB,
    jsFiles: js.length,
    jsKB: kilobytes(sum(js, 'bytes')),
    jsGzipKB,
    firstVisitJsGzipKB: kilobytes(sum(firstVisit, 'gzipBytes')),
    cssGzipKB: kilobytes(sum(css, 'gzipBytes')),
    withinBudget: jsGzipKB <= UI_JS_BUDGET_GZIP_KB,
    largest: js.sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 5),
  };
}

if (import.meta.main) {
  const result = measureUiBundle();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!result.withinBudget) {
    process.stderr.write(
      `UI JavaScript is ${result.jsGzipKB} KB gzip, over the ${UI_JS_BUDGET_GZIP_KB} KB budget\n`,
    );
    process.exitCode = 1;
  }
}
