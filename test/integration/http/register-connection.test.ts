// POST /registers/test-connection against the Shtrih simulator on a free port, and against a port where
// nothing listens: the answer is 200 either way, with the device's status or the driver's error.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestConnectionJson } from '../../../app/http/schemas/operations.ts';
import { ShtrihSimulator } from '../../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

const FN = '9999078900012345';

/** A port that was free a moment ago and has nobody listening on it now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('POST /registers/test-connection', () => {
  let api: TestApi;
  let simulator: ShtrihSimulator;
  let port: number;

  beforeAll(async () => {
    api = await startTestApi();
    simulator = new ShtrihSimulator({ fnNumber: FN });
    ({ port } = await simulator.start());
  });

  afterAll(async () => {
    await simulator?.stop();
    await api?.close();
  });

  const test = async (payload: Record<string, unknown>) => {
    const response = await api.asAdmin({ method: 'POST', url: '/api/v1/registers/test-connection', payload });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as TestConnectionJson;
  };

  it('reads the device status and reports it, nothing saved', async () => {
    const result = await test({ driver: 'shtrih', host: '127.0.0.1', port, protocol: 'v1' });
    if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
    expect(result.device.fn_number).toBe(FN);
    expect(result.device.model).toMatch(/\S/);
    expect(result.device.shift_state).toBe('closed');
    const registers = await api.asAdmin({ method: 'GET', url: '/api/v1/registers' });
    expect(registers.json().items).toEqual([]);
  });

  it('reports a refused connection as ok=false with the driver error code', async () => {
    const started = Date.now();
    const result = await test({
      driver: 'shtrih',
      host: '127.0.0.1',
      port: await closedPort(),
      protocol: 'v1',
    });
    expect(result).toEqual({ ok: false, error: { code: 'connection_lost', message: expect.any(String) } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on a listener that never answers within the short test timeouts', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port: silentPort } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const result = await test({ driver: 'shtrih', host: '127.0.0.1', port: silentPort, protocol: 'v1' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(11_000);
    } finally {
      silent.close();
    }
  }, 15_000);

  it('reports a wrong operator password as the device refused it', async () => {
    const result = await test({
      driver: 'shtrih',
      host: '127.0.0.1',
      port,
      protocol: 'v1',
      password: 12_345,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad_password');
  });

  it('answers 400 for a malformed target', async () => {
    const response = await api.asAdmin({
      method: 'POST',
      url: '/api/v1/registers/test-connection',
      payload: { driver: 'shtrih', host: 'bad host', port: 70_000, protocol: 'v3' },
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['/host', '/port', '/protocol']);
  });
});
