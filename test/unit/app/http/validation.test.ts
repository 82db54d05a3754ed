import type { FastifySchema } from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { createValidatorCompiler, validationDetails } from '../../../../app/http/validation.ts';

const Body = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    amount_kopecks: Type.Integer({ minimum: 1 }),
    vat: Type.Enum(['none', 'vat20']),
    inn: Type.Optional(Type.String({ pattern: '^\\d{10}$', description: '10 digits', format: 'inn' })),
    zone: Type.Optional(Type.String({ format: 'time-zone' })),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 3 }), Type.Null()])),
    nested: Type.Optional(Type.Object({ port: Type.Integer() })),
  },
  { additionalProperties: false },
);

function problems(value: unknown, httpPart = 'body') {
  const compile = createValidatorCompiler();
  const validate = compile({
    schema: Body as FastifySchema,
    httpPart,
    method: 'POST',
    url: '/x',
  }) as unknown as {
    (data: unknown): boolean;
    errors: Parameters<typeof validationDetails>[0];
  };
  const ok = validate(value);
  return ok ? [] : validationDetails(validate.errors, 'body').map((d) => `${d.path} ${d.message}`);
}

describe('request validation', () => {
  it('lists every problem with its JSON pointer', () => {
    expect(problems({ amount_kopecks: '100', vat: 'vat18', extra: true, nested: { port: 'x' } })).toEqual([
      '/name is required',
      '/extra is not a known field',
      '/amount_kopecks must be an integer',
      '/vat must be one of: none, vat20',
      '/nested/port must be an integer',
    ]);
  });

  it('does not coerce body types', () => {
    expect(problems({ name: 'a', amount_kopecks: '1', vat: 'none' })).toEqual([
      '/amount_kopecks must be an integer',
    ]);
  });

  it('coerces path and query values, which are text on the wire', () => {
    expect(problems({ name: 'a', amount_kopecks: '1', vat: 'none' }, 'querystring')).toEqual([]);
  });

  it('explains patterns and formats in words', () => {
    expect(problems({ name: 'a', amount_kopecks: 1, vat: 'none', inn: '12', zone: 'Mars/Olympus' })).toEqual([
      '/inn must be 10 digits',
      '/zone must be an IANA time zone such as Europe/Moscow',
    ]);
    expect(problems({ name: 'a', amount_kopecks: 1, vat: 'none', inn: '7707083894' })).toEqual([
      '/inn has a wrong check digit (a typo?)',
    ]);
    expect(
      problems({ name: 'a', amount_kopecks: 1, vat: 'none', inn: '7707083893', zone: 'Asia/Yekaterinburg' }),
    ).toEqual([]);
  });

  it('reports the useful branch of a nullable field', () => {
    expect(problems({ name: 'a', amount_kopecks: 1, vat: 'none', note: 'toolong' })).toEqual([
      '/note must NOT have more than 3 characters',
    ]);
    expect(problems({ name: 'a', amount_kopecks: 1, vat: 'none', note: 5 })).toEqual([
      '/note must be a string or null',
    ]);
    expect(problems({ name: 'a', amount_kopecks: 1, vat: 'none', note: null })).toEqual([]);
  });

  it('says when the body is not an object at all', () => {
    expect(problems('text')).toEqual([' must be an object']);
  });
});
