// GET /events over a real listening server (not inject): Server-Sent Events are a long-lived response,
// which only a socket can show — the first event on connect, an update a second after a change, pings,
// the stream cap, clean-up when the browser goes away, and a server that still stops with streams open.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DashboardJson } from '../../../app/http/schemas/operations.ts';
import { DashboardFeed } from '../../../app/operations/dashboard-feed.ts';
import { type SessionHeaders, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

interface OpenStream {
  response: IncomingMessage;
  /** Everything received so far. */
  text(): string;
  /** The dashboards received so far, in order. */
  dashboards(): DashboardJson[];
  close(): void;
}

function dashboardsIn(text: string): DashboardJson[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: dashboard\n'))
    .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as DashboardJson);
}

function openStream(port: number, headers: Record<string, string>): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/events', headers }, (response) => {
      let received = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
      });
      response.on('error', () => {});
      resolve({
        response,
        text: () => received,
        dashboards: () => dashboardsIn(received),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /events', () => {
  let api: TestApi;
  let port: number;
  let admin: SessionHeaders;
  const streams: OpenStream[] = [];

  beforeEach(async () => {
    api = await startTestApi();
    // Quick pings and a small cap, so the test sees both within seconds.
    api.deps.dashboardFeed = new DashboardFeed(api.deps.events, () => api.deps.dashboard.build(), {
      pingMs: 200,
      maxStreams: 2,
    });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    port = (api.app.server.address() as AddressInfo).port;
    admin = await api.loginAdmin();
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await api.close();
  });

  async function open(headers: Record<string, string> = { cookie: admin.cookie }): Promise<OpenStream> {
    const stream = await openStream(port, headers);
    streams.push(stream);
    return stream;
  }

  it('sends the dashboard on connect, then again a second after a change', async () => {
    const stream = await open();
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers['cache-control']).toBe('no-store');
    const [first] = await until(
      'the first event',
      () => stream.dashboards().length === 1 && stream.dashboards(),
    );
    expect(first?.timezone).toBe('Europe/Moscow');

    const changedAt = Date.now();
    const patched = await api.asAdmin({
      method: 'PATCH',
      url: '/api/v1/settings',
      payload: { timezone: 'Asia/Yekaterinburg' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const second = await until('the update', () => stream.dashboards()[1]);
    expect(second.timezone).toBe('Asia/Yekaterinburg');
    expect(Date.now() - changedAt, 'updates are paced, not sent per change').toBeGreaterThanOrEqual(900);
  });

  it('keeps an idle stream alive with comment pings', async () => {
    const stream = await open();
    await until('two pings', () => stream.text().split(': ping\n\n').length > 2);
    expect(stream.dashboards(), 'pings carry no event').toHaveLength(1);
  });

  it('answers 503 too_many_streams beyond the cap, and frees the place when a browser goes away', async () => {
    const first = await open();
    await open();
    const third = await open();
    expect(third.response.statusCode).toBe(503);
    await until('the error body', () => third.text().length > 0);
    expect(JSON.parse(third.text()).error.code).toBe('too_many_streams');

    first.close();
    await until('the closed stream to be released', () => api.deps.dashboardFeed.streams === 1);
    const again = await open();
    expect(again.response.statusCode).toBe(200);
  });

  it('refuses a caller who is not logged in', async () => {
    const stream = await open({});
    expect(stream.response.statusCode).toBe(401);
  });

  it('lets the server stop while streams are open, ending them', async () => {
    const stream = await open();
    await until('the first event', () => stream.dashboards().length === 1);
    const ended = new Promise<void>((resolve) => stream.response.on('close', resolve));
    await api.app.close();
    await ended;
    expect(api.deps.dashboardFeed.streams).toBe(0);
  });
});
