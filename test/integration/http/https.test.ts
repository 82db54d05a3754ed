// HTTPS on a real socket (app/server.ts, app/http/tls-certificate.ts, app/http/https-redirect.ts): the
// self-signed certificate made on first start and reused after, the plain-HTTP redirect, an operator's
// own certificate, the Secure session cookie, and refusals that name the file at fault.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config.ts';
import type { BoxIdentity } from '../../../app/http/tls-certificate.ts';
import { createLogger } from '../../../app/logger.ts';
import { type RunningServer, startServer } from '../../../app/server.ts';
import { ADMIN_PASSWORD } from '../../helpers/api-harness.ts';

const IDENTITY: BoxIdentity = { hostname: 'kassabox-test', addresses: ['192.0.2.17'] };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over HTTPS that trusts only the given certificate (and checks the name against it). */
function overHttps(url: string, ca: string, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = httpsRequest(
      url,
      {
        method: init.method ?? 'GET',
        ca,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function overHttp(port: number, path: string, host: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS with a self-signed certificate', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  const env = () => ({
    KASSABOX_DATA_DIR: dataDir,
    KASSABOX_PORT: '0',
    KASSABOX_TLS: 'self-signed',
    KASSABOX_HTTP_REDIRECT_PORT: '0',
    KASSABOX_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  const start = () =>
    startServer(loadConfig(env()), createLogger({ level: 'silent' }), { identity: IDENTITY });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kassabox-https-'));
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes a ten-year certificate for the box names and keeps its key private', async () => {
    const tls = server!.tls!;
    expect(tls.origin).toBe('generated');
    expect(server!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const certificate = new X509Certificate(tls.cert);
    expect(certificate.subject).toBe('CN=kassabox-test');
    expect(certificate.subjectAltName?.split(', ').sort()).toEqual([
      'DNS:kassabox-test',
      'DNS:kassabox-test.local',
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:192.0.2.17',
    ]);
    const years = (certificate.validToDate.getTime() - Date.now()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    expect(tls.keyFile).toBe(join(dataDir, 'tls', 'key.pem'));
    expect((await stat(tls.keyFile)).mode & 0o777).toBe(0o600);
  });

  it('serves the API over TLS to a client that trusts that certificate, and the session cookie is Secure', async () => {
    const health = await overHttps(`${server!.url}/api/v1/health`, server!.tls!.cert);
    expect(health.status).toBe(200);
    const login = await overHttps(`${server!.url}/api/v1/auth/login`, server!.tls!.cert, {
      method: 'POST',
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
    const cookie = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('kassabox_session='));
    expect(cookie).toMatch(/; Secure/);
  });

  it('sends plain HTTP on to the same host and path over HTTPS, keeping the method', async () => {
    const httpsPort = new URL(server!.url).port;
    const answer = await overHttp(server!.httpRedirect!.port, '/registers/3?tab=shift', 'kassabox.local:80');
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(`https://kassabox.local:${httpsPort}/registers/3?tab=shift`);
    const injected = await overHttp(server!.httpRedirect!.port, '/', 'evil.example/path');
    expect(injected.status).toBe(400);
  });

  it('reuses the certificate after a restart, so browsers are asked once', async () => {
    const first = server!.tls!.fingerprint;
    await server!.stop();
    server = await start();
    expect(server.tls!.origin).toBe('reused');
    expect(server.tls!.fingerprint).toBe(first);
    expect((await overHttps(`${server.url}/api/v1/health`, server.tls!.cert)).status).toBe(200);
  });

  it("serves an operator's certificate, and refuses to start on a key that is not its own", async () => {
    const own = await mkdtemp(join(tmpdir(), 'kassabox-own-cert-'));
    const logger = createLogger({ level: 'silent' });
    try {
      await copyFile(join(dataDir, 'tls', 'cert.pem'), join(own, 'cert.pem'));
      await copyFile(join(dataDir, 'tls', 'key.pem'), join(own, 'key.pem'));
      const operatorEnv = {
        ...env(),
        KASSABOX_TLS: '',
        KASSABOX_DATA_DIR: join(own, 'data'),
        KASSABOX_HTTP_REDIRECT_PORT: 'off',
        KASSABOX_TLS_CERT: join(own, 'cert.pem'),
        KASSABOX_TLS_KEY: join(own, 'key.pem'),
      };
      const operator = await startServer(loadConfig(operatorEnv), logger);
      try {
        expect(operator.tls!.origin).toBe('operator');
        expect(operator.httpRedirect).toBeUndefined();
        expect((await overHttps(`${operator.url}/api/v1/health`, operator.tls!.cert)).status).toBe(200);
      } finally {
        await operator.stop();
      }

      const stranger = generateKeyPairSync('ec', {
        namedCurve: 'P-256',
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      await writeFile(join(own, 'key.pem'), stranger.privateKey);
      await expect(startServer(loadConfig(operatorEnv), logger)).rejects.toThrow(
        `KASSABOX_TLS_CERT/KASSABOX_TLS_KEY: ${join(own, 'key.pem')} is not the key of ${join(own, 'cert.pem')}`,
      );
      await rm(join(own, 'cert.pem'));
      await expect(startServer(loadConfig(operatorEnv), logger)).rejects.toThrow(/ENOENT.*cert\.pem/);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
