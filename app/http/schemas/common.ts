// Schemas shared by the route modules: ids in paths, the error body, and field types used twice.
import { type TSchema, Type } from 'typebox';
import { ERROR_CATALOGUE } from '../errors.ts';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Object id' }) });

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Enum(Object.keys(ERROR_CATALOGUE), { description: 'Stable code, see the error catalogue' }),
      message: Type.String({ description: 'Explanation for people; do not parse it' }),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            path: Type.String({ description: 'JSON pointer to the field, e.g. /amount_kopecks' }),
            location: Type.Enum(['body', 'params', 'querystring', 'headers']),
            message: Type.String(),
          }),
        ),
      ),
    }),
  },
  { description: 'Every error answer has this shape' },
);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `details` names each field and what is wrong with it',
  401: 'Not authenticated',
  403: 'Not allowed for this caller',
  404: 'No such object',
  409: 'Conflict with the current state',
  429: 'Too many failed logins',
  503: 'Busy: too many of these are open',
};

/** Response schemas of the error statuses a route can answer, for the OpenAPI document. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const responses: Record<number, TSchema> = {};
  for (const status of statuses) {
    responses[status] = { ...ErrorBodySchema, description: ERROR_DESCRIPTIONS[status] ?? 'Error' };
  }
  return responses;
}

export const NameSchema = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '\\S',
  description: 'a non-blank name of up to 128 characters',
});

export const InnSchema = Type.String({
  pattern: '^(\\d{10}|\\d{12})$',
  format: 'inn',
  description: '10 digits (organization) or 12 digits (individual)',
});

export const TimestampSchema = Type.String({ description: 'ISO-8601 UTC, e.g. 2026-11-22T21:18:01.000Z' });
export const NullableTimestamp = Type.Union([TimestampSchema, Type.Null()]);
