// Bad payment bodies get a 400 that names what is wrong and where, never a 500, and store nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentBox, startPaymentBox } from '../../helpers/payment-box.ts';

let box: PaymentBox;
beforeAll(async () => {
  box = await startPaymentBox();
});
afterAll(async () => {
  await box.close();
});

function send(payload: string | object, contentType = 'application/json') {
  return box.asSource({
    method: 'POST',
    url: '/api/v1/payments',
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': contentType },
  });
}

/** Posts the body and returns "path message" of each detail of the 400. */
async function problems(payload: object): Promise<string[]> {
  const response = await send(payload);
  expect(response.statusCode, response.body).toBe(400);
  expect(response.json().error.code).toBe('invalid_request');
  return response.json().error.details.map((d: { path: string; location: string; message: string }) => {
    expect(d.location).toBe('body');
    return `${d.path} ${d.message}`;
  });
}

const valid = { external_id: 'x-1', account: '100200', amount_kopecks: 150_000 };

describe('bad payment bodies', () => {
  it('missing fields are named', async () => {
    expect(await problems({ account: '100200', amount_kopecks: 100 })).toEqual(['/external_id is required']);
    expect(await problems({})).toEqual([
      '/external_id is required',
      '/account is required',
      '/amount_kopecks is required',
    ]);
  });

  it('the amount is a positive whole number of kopecks, never text', async () => {
    expect(await problems({ ...valid, amount_kopecks: '100' })).toEqual([
      '/amount_kopecks must be an integer',
    ]);
    expect(await problems({ ...valid, amount_kopecks: 150.5 })).toEqual([
      '/amount_kopecks must be an integer',
    ]);
    expect(await problems({ ...valid, amount_kopecks: 0 })).toEqual(['/amount_kopecks must be >= 1']);
    expect(await problems({ ...valid, amount_kopecks: -100 })).toEqual(['/amount_kopecks must be >= 1']);
    expect(await problems({ ...valid, amount_kopecks: 1e15 })).toEqual([
      '/amount_kopecks must be <= 999999999999',
    ]);
    expect(await problems({ ...valid, amount_kopecks: null })).toEqual([
      '/amount_kopecks must be an integer',
    ]);
  });

  it('unknown fields, wrong types and enums are refused together', async () => {
    expect(await problems({ ...valid, colour: 'red' })).toEqual(['/colour is not a known field']);
    expect(await problems({ ...valid, external_id: 42, method: 'card', source_id: '1' })).toEqual([
      '/source_id must be an integer',
      '/external_id must be a string',
      '/method must be one of: cash, electronic',
    ]);
  });

  it('blank or overlong text fields say what they must be', async () => {
    expect(await problems({ ...valid, external_id: '' })).toEqual([
      '/external_id must NOT have fewer than 1 characters',
    ]);
    expect(await problems({ ...valid, external_id: 'e'.repeat(129) })).toEqual([
      '/external_id must NOT have more than 128 characters',
    ]);
    expect(await problems({ ...valid, account: '   ' })).toEqual([
      '/account must be a non-blank subscriber account of up to 64 characters',
    ]);
  });

  it('a contact that is neither a phone number nor an e-mail address', async () => {
    for (const contact of ['12345', 'payer@', 'call me']) {
      expect(await problems({ ...valid, customer_contact: contact })).toEqual([
        '/customer_contact must be a phone number (+79991234567) or an e-mail address',
      ]);
    }
  });

  it('paid_at must be an ISO-8601 date-time with a zone', async () => {
    for (const paidAt of [
      'yesterday',
      '2026-11-22 10:00',
      '2026-11-22T10:00:00',
      '2026-13-45T10:00:00Z',
      '',
    ]) {
      expect(await problems({ ...valid, paid_at: paidAt }), paidAt).toEqual([
        '/paid_at must be an ISO-8601 date-time with a zone, e.g. 2026-11-22T21:18:00+03:00',
      ]);
    }
  });

  it('a body that is not JSON, not an object, or not sent as JSON', async () => {
    const broken = await send('{"external_id": "x-1", ');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_json');
    const empty = await send('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('invalid_json');
    const array = await send('[1, 2]');
    expect(array.statusCode).toBe(400);
    expect(array.json().error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: '', location: 'body' }],
    });
    const form = await send(
      'external_id=x-1&account=1&amount_kopecks=100',
      'application/x-www-form-urlencoded',
    );
    expect(form.statusCode).toBe(415);
    expect(form.json().error).toEqual({
      code: 'unsupported_media_type',
      message: 'Send the body as application/json.',
    });
    const text = await send(JSON.stringify(valid), 'text/plain');
    expect(text.statusCode).toBe(415);
  });

  it('bad path and query parameters of the read routes are 400 too', async () => {
    const get = (url: string) => box.asSource({ method: 'GET', url });
    const byId = await get('/api/v1/payments/abc');
    expect(byId.statusCode).toBe(400);
    expect(byId.json().error.details).toEqual([
      { path: '/id', location: 'params', message: 'must be an integer' },
    ]);
    const query = await get('/api/v1/payments?limit=0&status=lost&paid_from=today&colour=red');
    expect(query.statusCode).toBe(400);
    expect(
      query
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['/colour', '/limit', '/paid_from', '/status']);
    expect(query.json().error.details[0].location).toBe('querystring');
  });

  it('stored nothing and logged no 500', async () => {
    expect((box.api.deps.db.prepare('SELECT count(*) AS n FROM payment').get() as { n: number }).n).toBe(0);
    expect(box.api.logText()).not.toContain('"statusCode":500');
    expect(box.api.logText()).not.toContain('request failed');
  });
});
