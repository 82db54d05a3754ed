// Product rule: bad input gets a 400 that names what is wrong and where, never a 500.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganization } from '../../helpers/api-fixtures.ts';
import { type SessionHeaders, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
let session: SessionHeaders;
beforeEach(async () => {
  api = await startTestApi();
  session = await api.loginAdmin();
});
afterEach(async () => {
  await api.close();
});

function post(url: string, payload: string | object, contentType = 'application/json') {
  return api.app.inject({
    method: 'POST',
    url,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { ...session, 'content-type': contentType },
  });
}

function details(response: { json(): { error: { details: { path: string; message: string }[] } } }) {
  return response.json().error.details.map((d) => `${d.path} ${d.message}`);
}

describe('bad input', () => {
  it('wrong types: names each field', async () => {
    const response = await post('/api/v1/organizations', { name: 42, inn: 7707083893, tax_system: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
    expect(details(response)).toEqual([
      '/name must be a string',
      '/inn must be a string',
      '/tax_system must be one of: osn, usn_income, usn_income_outcome, envd, esn, patent',
    ]);
    expect(response.json().error.message).toMatch(/^The request body is invalid: \/name must be a string/);
  });

  it('missing fields', async () => {
    const response = await post('/api/v1/registers', {});
    expect(response.statusCode).toBe(400);
    expect(details(response)).toEqual([
      '/organization_id is required',
      '/name is required',
      '/host is required',
    ]);
  });

  it('numbers sent as text are not accepted for integer fields', async () => {
    const organization = await createOrganization(api);
    const response = await post('/api/v1/registers', {
      organization_id: String(organization),
      name: 'r',
      host: 'h',
      port: '7778',
      electronic_only: 'yes',
    });
    expect(details(response)).toEqual([
      '/organization_id must be an integer',
      '/port must be an integer',
      '/electronic_only must be a boolean',
    ]);
  });

  it('unknown enum values and unknown fields', async () => {
    const organization = await createOrganization(api);
    const response = await post('/api/v1/sources', {
      organization_id: organization,
      name: 's',
      vat: 'vat18',
      payment_method: 'cash',
      colour: 'red',
    });
    expect(details(response)).toEqual([
      '/colour is not a known field',
      '/payment_method must be one of: full_prepayment, prepayment, advance, full_payment',
      '/vat must be one of: vat20, vat10, vat120, vat110, vat0, none, vat5, vat7, vat105, vat107',
    ]);
  });

  it('a bad INN: length, letters, check digit', async () => {
    for (const [inn, message] of [
      ['123', 'must be 10 digits (organization) or 12 digits (individual)'],
      ['77070838AB', 'must be 10 digits (organization) or 12 digits (individual)'],
      ['7707083894', 'has a wrong check digit (a typo?)'],
    ]) {
      const response = await post('/api/v1/organizations', { name: 'x', inn, tax_system: 'osn' });
      expect(response.statusCode, inn).toBe(400);
      expect(details(response), inn).toEqual([`/inn ${message}`]);
    }
  });

  it('blank names and out-of-range numbers', async () => {
    const organization = await createOrganization(api);
    const response = await post('/api/v1/registers', {
      organization_id: organization,
      name: '   ',
      host: 'h',
      port: 70000,
    });
    expect(details(response)).toEqual([
      '/name must be a non-blank name of up to 128 characters',
      '/port must be <= 65535',
    ]);
  });

  it('invalid JSON gets invalid_json', async () => {
    const response = await post('/api/v1/organizations', '{"name": "x",');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_json');
  });

  it('an empty JSON body gets invalid_json', async () => {
    const response = await post('/api/v1/organizations', '');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_json');
  });

  it('a body that is not an object', async () => {
    const response = await post('/api/v1/organizations', '[1, 2]');
    expect(response.statusCode).toBe(400);
    expect(details(response)).toEqual([' must be an object']);
  });

  it('a missing body', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: session,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it('a body that is not JSON gets 415', async () => {
    const response = await post('/api/v1/organizations', 'name=x', 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('a body over the limit gets 413', async () => {
    const response = await post('/api/v1/organizations', { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('a malformed id in the path', async () => {
    for (const id of ['abc', '0', '-1', '1.5']) {
      const response = await api.app.inject({
        method: 'GET',
        url: `/api/v1/registers/${id}`,
        headers: session,
      });
      expect(response.statusCode, id).toBe(400);
      expect(response.json().error.details[0]).toMatchObject({ path: '/id', location: 'params' });
    }
  });

  it('an unknown route gets 404 not_found in the same shape', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: session,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toEqual({
      code: 'not_found',
      message: 'There is no route GET /api/v1/nothing-here',
    });
  });
});
