// The one error path: unexpected failures become a 500 that leaks nothing; database constraint
// violations that slipped past a service check still answer 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../../app/http/access-policy.ts';
import { ApiError } from '../../../app/http/errors.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    routeModules: [
      async (app, deps) => {
        app.get('/boom', async () => {
          throw new Error('disk /secret/path exploded');
        });
        app.get('/duplicate', async () => {
          const add = () =>
            deps.db
              .prepare(
                "INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES ('dup', '7707083893', 'osn', 'n', 'n')",
              )
              .run();
          add();
          add();
          return {};
        });
        app.get('/locked', async () => {
          throw new ApiError('account_locked', 'locked', undefined, { 'retry-after': '60' });
        });
      },
    ],
    accessPolicy: {
      ...ACCESS_POLICY,
      'GET /api/v1/boom': { public: true },
      'GET /api/v1/duplicate': { public: true },
      'GET /api/v1/locked': { public: true },
    },
  });
});
afterAll(async () => {
  await api.close();
});

describe('error handler', () => {
  it('answers an unexpected failure with 500 internal_error and keeps the details in the log', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'internal_error',
        message: 'An internal error occurred; the server log has the details.',
      },
    });
    expect(response.body).not.toContain('secret');
    expect(api.logText()).toContain('disk /secret/path exploded');
  });

  it('turns a unique constraint that reached it into 409 conflict', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/duplicate' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it('sends the headers an ApiError carries', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/locked' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('60');
  });
});
