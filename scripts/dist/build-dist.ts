// make dist: one executable per target with Node's single executable application support (SEA), from
// the official Node binaries of the npm registry (tools/node, tools/node-arm64). Why this way and not
// pkg: README "The executable" and ../shared/research/appliance.md §2.2–2.3.
//
//   node scripts/dist/build-dist.ts [x64] [arm64]      (no argument: both; make dist, dist-x64, dist-arm64)
//
// Writes dist/kassabox-<version>-linux-<arch>/{kassabox, better_sqlite3.node, VERSION} and its .tar.gz.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NATIVE_SQLITE_FILE } from '../../app/sea/native-sqlite.ts';
import { VERSION } from '../../app/version.ts';
import { bundleApp } from './bundle-app.ts';
import {
  ARCHES,
  type Arch,
  DIST_DIR,
  distName,
  nodeBinary,
  nodeVersion,
  ROOT,
  UI_BUILD_DIR,
} from './targets.ts';

// The fuse postject flips so the binary runs the injected blob (nodejs.org/api/single-executable-applications.html).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const STRIP_TOOL: Record<Arch, string> = { x64: 'strip', arm64: 'aarch64-linux-gnu-strip' };

export interface DistOptions {
  arches: readonly Arch[];
  /** dist/ for make dist; the tests build into a temp dir. */
  outDir: string;
  /** Also write <name>.tar.gz (make dist); the smoke test needs only the directory. */
  tarball: boolean;
  /** Progress lines with timings. */
  log: (line: string) => void;
}

/** Builds the executables; returns the release directory of each arch. */
export function buildDist(options: DistOptions): Record<string, string> {
  const timer = stepTimer(options.log);
  if (!existsSync(join(UI_BUILD_DIR, 'index.html'))) {
    throw new Error(`${relative(ROOT, UI_BUILD_DIR)}/index.html is missing: build the UI first (make ui)`);
  }
  // A blob made by another Node version is silently ignored and the result is a plain node
  // (appliance.md §2.3): the blob is made by the x64 runtime, which must equal every target's version.
  const blobNode = nodeBinary('x64');
  const version = nodeVersion('x64');
  for (const arch of options.arches) {
    if (nodeVersion(arch) !== version) {
      throw new Error(
        `tools/node has Node ${version} but the ${arch} runtime is ${nodeVersion(arch)}: pin the same version`,
      );
    }
  }

  const workDir = join(options.outDir, '.build');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const bundle = join(workDir, 'kassabox.cjs');
  const bundleBytes = bundleApp(bundle);
  timer.done(`bundle (${mib(bundleBytes)})`);

  const blob = join(workDir, 'sea.blob');
  const seaConfig = join(workDir, 'sea-config.json');
  writeFileSync(seaConfig, JSON.stringify(seaConfigFor(bundle, blob), null, 2));
  run(blobNode, ['--experimental-sea-config', seaConfig]);
  timer.done(`SEA blob with Node ${version} (${mib(statSync(blob).size)})`);

  const dirs: Record<string, string> = {};
  for (const arch of options.arches) {
    dirs[arch] = buildTarget(arch, blob, options, timer);
  }
  timer.total(options.outDir);
  return dirs;
}

function seaConfigFor(bundle: string, blob: string): object {
  return {
    main: bundle,
    output: blob,
    disableExperimentalSEAWarning: true,
    // Neither a startup snapshot nor a code cache: both are tied to the architecture of the Node that
    // made the blob, and one blob serves x64 and arm64 (appliance.md §2.3).
    useSnapshot: false,
    useCodeCache: false,
    assets: uiAssets(),
  };
}

/** Every file of ui/build as the asset `ui/<path>` (app/sea/embedded-ui.ts writes them out at start). */
function uiAssets(): Record<string, string> {
  const files = execFileSync('find', [UI_BUILD_DIR, '-type', 'f'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const assets: Record<string, string> = {};
  for (const file of files.sort()) assets[`ui/${relative(UI_BUILD_DIR, file)}`] = file;
  return assets;
}

function buildTarget(arch: Arch, blob: string, options: DistOptions, timer: StepTimer): string {
  const name = distName(VERSION, arch);
  const dir = join(options.outDir, name);
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.tar.gz`, { force: true });
  mkdirSync(dir, { recursive: true });

  const executable = join(dir, 'kassabox');
  copyFileSync(nodeBinary(arch), executable);
  chmodSync(executable, 0o755);
  const stripped = tryStrip(arch, executable);
  run(join(ROOT, 'node_modules', '.bin', 'postject'), [
    executable,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    SEA_FUSE,
  ]);
  // The prebuilt N-API addon of better-sqlite3 for this architecture: no cross compiler needed.
  copyFileSync(
    join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds', `linux-${arch}.node`),
    join(dir, NATIVE_SQLITE_FILE),
  );
  writeFileSync(join(dir, 'VERSION'), `${VERSION}\n`);
  const size = statSync(executable).size;
  timer.done(`linux-${arch} executable (${mib(size)}${stripped ? ', stripped' : ', not stripped'})`);

  if (options.tarball) {
    // Root-owned entries whoever builds it: the box unpacks it as root (issue 6 contract).
    run('tar', [
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '-C',
      options.outDir,
      '-czf',
      `${dir}.tar.gz`,
      name,
    ]);
    timer.done(`${name}.tar.gz (${mib(statSync(`${dir}.tar.gz`).size)})`);
  }
  return dir;
}

/** Runs a tool quietly (postject's LIEF prints section warnings); its output is shown when it fails. */
function run(command: string, args: readonly string[]): void {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${command} failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`, {
      cause: error,
    });
  }
}

/** Strips the symbol tables when the target's strip is installed (optional: about 20 MB less). */
function tryStrip(arch: Arch, file: string): boolean {
  try {
    execFileSync(STRIP_TOOL[arch], [file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function parseArches(args: readonly string[]): Arch[] {
  if (args.length === 0) return [...ARCHES];
  for (const arg of args) {
    if (!(ARCHES as readonly string[]).includes(arg)) {
      throw new Error(`unknown target "${arg}": expected ${ARCHES.join(' or ')}`);
    }
  }
  return args as Arch[];
}

interface StepTimer {
  done(what: string): void;
  total(outDir: string): void;
}

function stepTimer(log: (line: string) => void): StepTimer {
  const start = performance.now();
  let last = start;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return {
    done(what) {
      const now = performance.now();
      log(`dist: ${what} in ${seconds(now - last)}`);
      last = now;
    },
    total(outDir) {
      log(
        `dist: done in ${seconds(performance.now() - start)}, see ${relative(process.cwd(), outDir) || '.'}/`,
      );
    },
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

if (import.meta.main) {
  buildDist({
    arches: parseArches(process.argv.slice(2)),
    outDir: DIST_DIR,
    tarball: true,
    log: (line) => process.stdout.write(`${line}\n`),
  });
}
