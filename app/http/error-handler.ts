// One error path for the whole API (STYLE: typed errors with stable codes). Every failure leaves as
// `{ error: { code, message, details? } }` with a code from errors.ts: validation problems as 400 with
// one detail per field, fastify's own client errors under their catalogue codes, and anything
// unexpected as a 500 whose internals stay in the log (rule: never leak, never a bare string).
import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorDetail, invalidFields, toErrorBody } from './errors.ts';
import type { NotFoundFallback } from './static-ui.ts';
import { validationDetails } from './validation.ts';

/** notFound answers what no route took before the JSON 404 does (the web UI's client routes). */
export function installErrorHandler(app: FastifyInstance, notFound?: NotFoundFallback): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const apiError = toApiError(error, request);
    return send(reply, apiError);
  });

  app.setNotFoundHandler(
    async (request, reply) =>
      notFound?.(request, reply) ??
      send(
        reply,
        new ApiError('not_found', `There is no route ${request.method} ${request.url.split('?')[0]}`),
      ),
  );
}

function send(reply: FastifyReply, error: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.status(error.statusCode).type('application/json; charset=utf-8').send(toErrorBody(error));
}

function toApiError(error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;

  if (error.validation) {
    const location = (error.validationContext ?? 'body') as ErrorDetail['location'];
    return invalidFields(validationDetails(error.validation as ErrorObject[], location));
  }

  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('invalid_json', `The body is not valid JSON: ${error.message}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('invalid_json', 'The body is empty, but Content-Type says it is JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'The body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'Send the body as application/json.');
  }

  const constraint = sqliteConstraint(error);
  if (constraint !== undefined) {
    // The services check these cases first; reaching here means a check is missing. Still a 4xx.
    request.log.warn({ err: error }, 'database constraint reached the error handler');
    return constraint;
  }

  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // fastify's own client errors (bad URL encoding, bad Content-Length…): their messages are safe.
    if (status === 404) return new ApiError('not_found', error.message);
    return new ApiError('invalid_request', error.message);
  }

  request.log.error({ err: error }, 'request failed');
  return new ApiError('internal_error', 'An internal error occurred; the server log has the details.');
}

function sqliteConstraint(error: FastifyError): ApiError | undefined {
  if (error.name !== 'SqliteError') return undefined;
  switch (error.code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new ApiError('conflict', 'An object with the same unique value already exists.');
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new ApiError(
        'in_use',
        'The object is referred to by other objects, or refers to a missing one.',
      );
    case 'SQLITE_CONSTRAINT_CHECK':
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return new ApiError('invalid_request', 'A value is outside what the database accepts.');
    default:
      return undefined;
  }
}
