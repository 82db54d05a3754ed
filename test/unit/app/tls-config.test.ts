import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../app/config.ts';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('HTTPS settings', () => {
  it('keeps a developer on plain HTTP without a redirect', () => {
    const config = loadConfig({});
    expect(config.tls).toEqual({ mode: 'off' });
    expect(config.httpRedirectPort).toBeUndefined();
  });

  it('serves HTTPS with its own certificate on the box, and redirects port 80', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.tls).toEqual({ mode: 'self-signed' });
    expect(config.httpRedirectPort).toBe(80);
  });

  it('lets the box be told otherwise', () => {
    const off = loadConfig({ NODE_ENV: 'production', KASSABOX_TLS: 'off' });
    expect(off.tls).toEqual({ mode: 'off' });
    expect(off.httpRedirectPort).toBeUndefined();
    const noRedirect = loadConfig({ NODE_ENV: 'production', KASSABOX_HTTP_REDIRECT_PORT: 'off' });
    expect(noRedirect.httpRedirectPort).toBeUndefined();
    const dev = loadConfig({ KASSABOX_TLS: 'Self-Signed', KASSABOX_HTTP_REDIRECT_PORT: '8081' });
    expect(dev.tls).toEqual({ mode: 'self-signed' });
    expect(dev.httpRedirectPort).toBe(8081);
  });

  it("serves an operator's certificate and key when both are named", () => {
    const config = loadConfig({
      KASSABOX_TLS_CERT: '/etc/kassabox/cert.pem',
      KASSABOX_TLS_KEY: '/etc/kassabox/key.pem',
    });
    expect(config.tls).toEqual({
      mode: 'files',
      certFile: '/etc/kassabox/cert.pem',
      keyFile: '/etc/kassabox/key.pem',
    });
  });

  it('lists every HTTPS mistake at once', () => {
    expect(
      problemsOf({
        KASSABOX_TLS: 'yes',
        KASSABOX_HTTP_REDIRECT_PORT: 'eighty',
        KASSABOX_PORT: 'x',
      }),
    ).toEqual([
      'KASSABOX_PORT must be an integer from 0 to 65535 (got "x")',
      'KASSABOX_TLS must be off or self-signed (got "yes")',
      'KASSABOX_HTTP_REDIRECT_PORT must be an integer from 0 to 65535 or off (got "eighty")',
    ]);
    expect(problemsOf({ KASSABOX_TLS_CERT: '/etc/cert.pem' })).toEqual([
      'KASSABOX_TLS_CERT and KASSABOX_TLS_KEY must be set together (a certificate and its key)',
    ]);
    expect(
      problemsOf({ KASSABOX_TLS: 'off', KASSABOX_TLS_CERT: '/c.pem', KASSABOX_TLS_KEY: '/k.pem' }),
    ).toEqual([
      'KASSABOX_TLS is off, but KASSABOX_TLS_CERT and KASSABOX_TLS_KEY name a certificate ' +
        '(unset KASSABOX_TLS to serve that certificate)',
    ]);
    expect(problemsOf({ KASSABOX_HTTP_REDIRECT_PORT: '80' })).toEqual([
      'KASSABOX_HTTP_REDIRECT_PORT redirects to HTTPS, but KASSABOX_TLS is off',
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', KASSABOX_PORT: '443', KASSABOX_HTTP_REDIRECT_PORT: '443' }),
    ).toEqual(['KASSABOX_HTTP_REDIRECT_PORT and KASSABOX_PORT are both 443']);
  });
});
