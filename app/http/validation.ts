// Request validation (product rule: bad input gets a 400 that names what is wrong and where). Two ajv
// instances: bodies are validated strictly, with no type coercion ("100" is not an integer), while
// path parameters and query strings, which are always text on the wire, are coerced. allErrors makes
// one answer list every problem. The TypeBox schemas of the routes are plain JSON Schema for ajv.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import type { ErrorDetail } from './errors.ts';
import { API_FORMATS } from './formats.ts';

export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const strict = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: true, verbose: true });
  const coercing = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, verbose: true });
  for (const ajv of [strict, coercing]) {
    formats.default(ajv);
    for (const [name, format] of Object.entries(API_FORMATS)) ajv.addFormat(name, format.validate);
  }
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object) as ValidateFunction;
  };
}

/** Turns ajv's errors into one detail per problem, with paths a client can map to its fields. */
export function validationDetails(
  errors: readonly ErrorObject[],
  location: ErrorDetail['location'],
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  for (const error of errors) {
    // Errors of the branches of an anyOf are summed up by the anyOf error itself.
    if (alternatives.some((alt) => alt !== error && isBranchOf(error, alt))) continue;
    const detail = toDetail(error, errors, location);
    const key = `${detail.path} ${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push(detail);
  }
  return details;
}

function isBranchOf(error: ErrorObject, alternative: ErrorObject): boolean {
  return (
    error.instancePath.startsWith(alternative.instancePath) &&
    error.schemaPath.startsWith(`${alternative.schemaPath}/`)
  );
}

function toDetail(
  error: ErrorObject,
  all: readonly ErrorObject[],
  location: ErrorDetail['location'],
): ErrorDetail {
  const params = error.params as Record<string, unknown>;
  const base = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return { location, path: `${base}/${String(params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties':
      return {
        location,
        path: `${base}/${String(params.additionalProperty)}`,
        message: 'is not a known field',
      };
    case 'enum':
      return {
        location,
        path: base,
        message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
      };
    case 'const':
      return { location, path: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { location, path: base, message: `must be ${article(String(params.type))}` };
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return {
        location,
        path: base,
        message: description ? `must be ${description}` : (error.message ?? 'is invalid'),
      };
    }
    case 'format': {
      const format = API_FORMATS[String(params.format)];
      return { location, path: base, message: format?.message ?? error.message ?? 'is invalid' };
    }
    case 'anyOf':
    case 'oneOf':
      return alternativesDetail(error, all, location);
    default:
      return { location, path: base, message: error.message ?? 'is invalid' };
  }
}

// For `string | null` style unions: when the value has the type of one branch, that branch's own
// complaint (a pattern, a length) is the useful one; otherwise list the types that would be accepted.
function alternativesDetail(
  alternative: ErrorObject,
  all: readonly ErrorObject[],
  location: ErrorDetail['location'],
): ErrorDetail {
  const branches = new Map<string, ErrorObject[]>();
  for (const error of all) {
    if (!isBranchOf(error, alternative)) continue;
    const branch = error.schemaPath.slice(alternative.schemaPath.length + 1).split('/')[0] ?? '';
    branches.set(branch, [...(branches.get(branch) ?? []), error]);
  }
  const typeMismatch = (errors: ErrorObject[]) =>
    errors.some((e) => e.keyword === 'type' && e.instancePath === alternative.instancePath);
  const matching = [...branches.values()].find((errors) => !typeMismatch(errors));
  if (matching?.[0]) return toDetail(matching[0], all, location);
  const types = [...branches.values()]
    .flat()
    .filter((e) => e.keyword === 'type')
    .map((e) => article(String((e.params as { type: string }).type)));
  return {
    location,
    path: alternative.instancePath,
    message: types.length > 0 ? `must be ${types.join(' or ')}` : 'has an unexpected form',
  };
}

function article(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}
