import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_UI_DIR, loadConfig } from '../../../app/config.ts';

describe('loadConfig', () => {
  it('uses the development defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      dataDir: './var',
      databaseFile: 'var/kassabox.sqlite',
      port: 8080,
      host: '127.0.0.1',
      adminPassword: undefined,
      logLevel: 'info',
      simulator: 'off',
      simulatorPort: 7778,
      uiDir: DEFAULT_UI_DIR,
      tls: { mode: 'off' },
      httpRedirectPort: undefined,
      update: { keysDir: '/etc/kassabox/update-keys', releasesDir: '/var/lib/kassabox-releases' },
    });
  });

  it('serves the UI from ui/build of this checkout unless KASSABOX_UI_DIR names another folder', () => {
    expect(DEFAULT_UI_DIR).toBe(resolve(import.meta.dirname, '../../../ui/build'));
    expect(loadConfig({ KASSABOX_UI_DIR: '/opt/kassabox/ui' }).uiDir).toBe('/opt/kassabox/ui');
    expect(loadConfig({ KASSABOX_UI_DIR: 'ui-dist' }).uiDir).toBe(resolve('ui-dist'));
  });

  it('runs the embedded simulator only when asked, on the real device port 7778 unless told otherwise', () => {
    const config = loadConfig({ KASSABOX_SIMULATOR: 'Embedded' });
    expect(config.simulator).toBe('embedded');
    expect(config.simulatorPort).toBe(7778);
    expect(loadConfig({ KASSABOX_SIMULATOR_PORT: '17778' }).simulatorPort).toBe(17778);
    // Tests and benchmarks ask for any free port, so they never collide with a running `make run`.
    expect(loadConfig({ KASSABOX_SIMULATOR_PORT: '0' }).simulatorPort).toBe(0);
    expect(() => loadConfig({ KASSABOX_SIMULATOR: 'yes' })).toThrow(
      /KASSABOX_SIMULATOR must be embedded or off/,
    );
    expect(() => loadConfig({ KASSABOX_SIMULATOR_PORT: '-1' })).toThrow(
      /KASSABOX_SIMULATOR_PORT must be an integer/,
    );
  });

  it('listens on every interface on the box and keeps its data in the systemd state directory', () => {
    const config = loadConfig({ NODE_ENV: 'production', STATE_DIRECTORY: '/var/lib/kassabox' });
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe('/var/lib/kassabox');
    expect(config.databaseFile).toBe('/var/lib/kassabox/kassabox.sqlite');
  });

  it('reads every KASSABOX_ variable', () => {
    const config = loadConfig({
      KASSABOX_DATA_DIR: '/tmp/kb',
      KASSABOX_PORT: '9090',
      KASSABOX_HOST: '192.168.1.10',
      KASSABOX_ADMIN_PASSWORD: 'long enough secret',
      KASSABOX_LOG_LEVEL: 'DEBUG',
      NODE_ENV: 'production',
      STATE_DIRECTORY: '/var/lib/kassabox',
    });
    expect(config).toMatchObject({
      dataDir: '/tmp/kb',
      port: 9090,
      host: '192.168.1.10',
      adminPassword: 'long enough secret',
      logLevel: 'debug',
    });
  });

  it('accepts port 0 so tests can let the OS choose', () => {
    expect(loadConfig({ KASSABOX_PORT: '0' }).port).toBe(0);
  });

  it('reports every problem at once, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ KASSABOX_PORT: '80a', KASSABOX_LOG_LEVEL: 'loud', KASSABOX_ADMIN_PASSWORD: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/KASSABOX_PORT .* \(got "80a"\)/);
    expect(problems.join('\n')).toMatch(/KASSABOX_ADMIN_PASSWORD must be at least 8 characters/);
    expect(problems.join('\n')).toMatch(/KASSABOX_LOG_LEVEL must be one of/);
  });

  it('refuses ports above 65535', () => {
    expect(() => loadConfig({ KASSABOX_PORT: '70000' })).toThrow(/KASSABOX_PORT/);
  });

  it('never echoes the admin password in its errors', () => {
    expect(() => loadConfig({ KASSABOX_ADMIN_PASSWORD: 'hunter2' })).toThrow(ConfigError);
    try {
      loadConfig({ KASSABOX_ADMIN_PASSWORD: 'hunter2' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
