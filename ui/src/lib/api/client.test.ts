import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, configureClient } from './client.ts';

type Call = { url: string; init: RequestInit };

function answer(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function stubFetch(...answers: Response[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const next = answers.shift();
      if (!next) throw new TypeError('network down');
      return next;
    }),
  );
  return calls;
}

function headersOf(call: Call): Record<string, string> {
  return call.init.headers as Record<string, string>;
}

afterEach(() => {
  vi.unstubAllGlobals();
  configureClient({
    csrfToken: () => null,
    onUnauthenticated: () => {},
    refreshCsrfToken: async () => false,
  });
});

describe('api client', () => {
  it('sends JSON with the CSRF token on unsafe methods only, and drops empty query values', async () => {
    configureClient({
      csrfToken: () => 'tok',
      onUnauthenticated: () => {},
      refreshCsrfToken: async () => false,
    });
    const calls = stubFetch(answer(200, { items: [] }), answer(201, { id: 1 }));
    await api.get('/fiscal-jobs', { state: 'failed', register_id: undefined, account: '' });
    await api.post('/registers', { name: 'Касса' });

    expect(calls[0]!.url).toBe('/api/v1/fiscal-jobs?state=failed');
    expect(headersOf(calls[0]!)['x-csrf-token']).toBeUndefined();
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(headersOf(calls[1]!)['x-csrf-token']).toBe('tok');
    expect(headersOf(calls[1]!)['content-type']).toBe('application/json');
    expect(calls[1]!.init.body).toBe('{"name":"Касса"}');
  });

  it('turns an error answer into an ApiError with code, details and Retry-After', async () => {
    stubFetch(
      answer(429, { error: { code: 'account_locked', message: 'locked' } }, { 'retry-after': '600' }),
      answer(400, {
        error: { code: 'invalid_request', message: 'bad', details: [{ path: '/port', message: 'too big' }] },
      }),
    );
    const locked = await api.post('/auth/login', {}).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(ApiError);
    expect(locked).toMatchObject({ status: 429, code: 'account_locked', retryAfter: 600 });
    const invalid = (await api.post('/registers', {}).catch((e: unknown) => e)) as ApiError;
    expect(invalid.fieldErrors()).toEqual({ port: 'too big' });
  });

  it('says so when the box does not answer at all', async () => {
    stubFetch();
    await expect(api.get('/dashboard')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('hands an ended session to the login redirect, unless told not to', async () => {
    const ended = vi.fn();
    configureClient({ csrfToken: () => null, onUnauthenticated: ended, refreshCsrfToken: async () => false });
    stubFetch(
      answer(401, { error: { code: 'unauthenticated', message: 'x' } }),
      answer(401, { error: { code: 'unauthenticated', message: 'x' } }),
      answer(401, { error: { code: 'invalid_credentials', message: 'x' } }),
    );
    await expect(api.get('/dashboard')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(api.get('/auth/me', undefined, { redirectOnUnauthenticated: false })).rejects.toBeInstanceOf(
      ApiError,
    );
    await expect(api.post('/auth/login', {})).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('retries once with a fresh CSRF token after csrf_failed', async () => {
    let token = 'old';
    configureClient({
      csrfToken: () => token,
      onUnauthenticated: () => {},
      refreshCsrfToken: async () => {
        token = 'new';
        return true;
      },
    });
    const calls = stubFetch(answer(403, { error: { code: 'csrf_failed', message: 'x' } }), answer(204));
    await api.post('/registers/1/x-report');
    expect(calls.map((call) => headersOf(call)['x-csrf-token'])).toEqual(['old', 'new']);
  });
});
