// Where benchmark databases live. The default is bench/results/tmp inside the project (gitignored), on
// the same disk as the project's ./var, because /tmp may be a tmpfs where fsync costs nothing and a
// durable-accept number would be a lie. BENCH_DATA_DIR moves it (e.g. onto the SD card of a Pi).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function benchDataRoot(): string {
  const root = resolve(process.env.BENCH_DATA_DIR || join(PROJECT_DIR, 'bench', 'results', 'tmp'));
  mkdirSync(root, { recursive: true });
  return root;
}

/** A new empty directory under the bench data root; remove it with removeDataDir. */
export function freshDataDir(name: string): string {
  return mkdtempSync(join(benchDataRoot(), `${name}-`));
}

export function removeDataDir(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for a child that must be polled before it speaks). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
}
