import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../app/config.ts';
import { withEmbeddedUi, writeUiFiles } from '../../../../app/sea/embedded-ui.ts';
import { sqliteBindingOptions } from '../../../../app/sea/native-sqlite.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kassabox-embedded-ui-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeUiFiles', () => {
  it('writes every file, nested folders included, and answers the folder', async () => {
    const target = join(dir, 'kassabox-ui');
    const written = await writeUiFiles(target, [
      { path: 'index.html', content: bytes('<!doctype html>') },
      { path: '_app/immutable/entry/app.abc123.js', content: bytes('export {}') },
    ]);
    expect(written).toBe(target);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('<!doctype html>');
    expect(readFileSync(join(target, '_app/immutable/entry/app.abc123.js'), 'utf8')).toBe('export {}');
  });

  it('replaces what an earlier version left, so no stale asset is served', async () => {
    const target = join(dir, 'kassabox-ui');
    await mkdir(join(target, '_app'), { recursive: true });
    await writeFile(join(target, '_app', 'old.js'), 'old');
    await writeUiFiles(target, [{ path: 'index.html', content: bytes('new') }]);
    expect(existsSync(join(target, '_app', 'old.js'))).toBe(false);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new');
  });

  it('removes the half-written folder a killed start left', async () => {
    const target = join(dir, 'kassabox-ui');
    await mkdir(join(dir, 'kassabox-ui.4242.new', '_app'), { recursive: true });
    await writeUiFiles(target, [{ path: 'index.html', content: bytes('ui') }]);
    expect(existsSync(join(dir, 'kassabox-ui.4242.new'))).toBe(false);
    expect(existsSync(join(target, 'index.html'))).toBe(true);
  });

  it('refuses a file name that leaves the folder and leaves nothing behind', async () => {
    const target = join(dir, 'ui', 'kassabox-ui');
    await expect(writeUiFiles(target, [{ path: '../escape.txt', content: bytes('x') }])).rejects.toThrow(
      /leaves its folder: \.\.\/escape\.txt/,
    );
    expect(existsSync(join(dir, 'ui', 'escape.txt'))).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});

describe('outside a single executable (node app/main.ts)', () => {
  it('keeps the configured UI folder', async () => {
    const config = loadConfig({ KASSABOX_DATA_DIR: dir });
    expect(await withEmbeddedUi(config, { RUNTIME_DIRECTORY: dir })).toBe(config);
  });

  it('lets better-sqlite3 find its own addon', () => {
    expect(sqliteBindingOptions()).toEqual({});
  });
});
