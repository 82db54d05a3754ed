// The error catalogue of the API (STYLE: fastify's lib/errors.js): every error a client can receive has
// a stable code, an HTTP status and a description for operators. docs/api.md documents each code and a
// test keeps the two in step. Services throw ApiError through the helpers below; the error handler
// (error-handler.ts) turns anything else into one of these shapes and never leaks an internal message.

export const ERROR_CATALOGUE = {
  invalid_request: {
    status: 400,
    description: 'The request is malformed; `details` lists each problem and where.',
  },
  invalid_json: { status: 400, description: 'The body is not valid JSON.' },
  unauthenticated: { status: 401, description: 'No valid session cookie or API token was presented.' },
  invalid_credentials: { status: 401, description: 'The username or password is wrong.' },
  forbidden: { status: 403, description: 'The caller is authenticated but may not use this route.' },
  csrf_failed: {
    status: 403,
    description:
      'A change made with the session cookie lacks the `X-CSRF-Token` header of that session (login answer, `GET /auth/me`).',
  },
  register_not_assigned: {
    status: 403,
    description: 'A cashier acted on a register that is not assigned to them.',
  },
  not_found: { status: 404, description: 'The addressed object (or route) does not exist.' },
  conflict: { status: 409, description: 'The request contradicts the current state, e.g. a duplicate name.' },
  in_use: { status: 409, description: 'The object cannot be removed while other objects refer to it.' },
  setup_done: { status: 409, description: 'The box is already set up: a user exists, so log in instead.' },
  last_admin: {
    status: 409,
    description: 'The change would leave the box without an enabled admin (remove, disable or demote).',
  },
  payment_conflict: {
    status: 409,
    description: 'The external_id was already used for a payment with other content; nothing was changed.',
  },
  job_state: { status: 409, description: 'The fiscal job is not in a state that allows this action.' },
  fd_mismatch: {
    status: 409,
    description: 'The fiscal document named is not a receipt of this payment (or belongs to another one).',
  },
  register_unavailable: {
    status: 409,
    description: 'The register is disabled or its worker is not running.',
  },
  register_busy: {
    status: 409,
    description:
      'A receipt of the register has an unknown outcome and is being reconciled; the device is left alone until then.',
  },
  device_error: {
    status: 502,
    description: 'The fiscal registrar refused the command or could not be reached; the message says why.',
  },
  update_rejected: {
    status: 422,
    description:
      'An update bundle was refused (not a bundle, cut off, unknown key, bad signature, changed tarball, wrong arch, same version, or it cannot read the database); the message says which.',
  },
  payload_too_large: { status: 413, description: 'The body is larger than the server accepts.' },
  unsupported_media_type: { status: 415, description: 'The body is not `application/json`.' },
  account_locked: {
    status: 429,
    description: 'Too many failed logins; the account is locked for a while (see `Retry-After`).',
  },
  too_many_attempts: {
    status: 429,
    description: 'Too many failed logins from this address; try again later (see `Retry-After`).',
  },
  too_many_streams: {
    status: 503,
    description: 'Too many live dashboard streams (GET /events) are open; close one or try again later.',
  },
  internal_error: { status: 500, description: 'An unexpected failure; the server log has the details.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorDetail {
  /** JSON pointer into the part of the request named by `location`, e.g. `/amount_kopecks`. */
  path: string;
  location: 'body' | 'params' | 'querystring' | 'headers';
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: readonly ErrorDetail[] | undefined;
  /** Extra response headers, e.g. Retry-After for account_locked. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, details?: readonly ErrorDetail[], headers = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = ERROR_CATALOGUE[code].status;
    this.details = details;
    this.headers = headers;
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export function toErrorBody(error: ApiError): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = [...error.details];
  return body;
}

// ---- helpers for services and routes -----------------------------------------------------------

export function notFound(entity: string, id: number | string): ApiError {
  return new ApiError('not_found', `${entity} ${id} does not exist`);
}

/** One problem with one field (for checks a schema cannot express, e.g. an organization that must exist). */
export function invalidField(
  path: string,
  message: string,
  location: ErrorDetail['location'] = 'body',
): ApiError {
  return invalidFields([{ path, location, message }]);
}

/** A 400 listing each problem; the message sums them up for people. */
export function invalidFields(details: readonly ErrorDetail[]): ApiError {
  return new ApiError('invalid_request', invalidFieldsMessage(details), details);
}

const PART_NAMES: Record<ErrorDetail['location'], string> = {
  body: 'The request body is invalid',
  params: 'The path parameters are invalid',
  querystring: 'The query string is invalid',
  headers: 'The request headers are invalid',
};

export function invalidFieldsMessage(details: readonly ErrorDetail[]): string {
  const shown = details.slice(0, 5).map((d) => `${d.path || '(the whole value)'} ${d.message}`);
  const more = details.length > 5 ? ` and ${details.length - 5} more` : '';
  return `${PART_NAMES[details[0]?.location ?? 'body']}: ${shown.join('; ')}${more}`;
}

export function conflict(message: string): ApiError {
  return new ApiError('conflict', message);
}

export function inUse(message: string): ApiError {
  return new ApiError('in_use', message);
}

export function unauthenticated(
  message = 'Log in, or send an API token as "Authorization: Bearer <token>".',
): ApiError {
  return new ApiError('unauthenticated', message);
}

export function forbidden(message = 'You may not use this route.'): ApiError {
  return new ApiError('forbidden', message);
}
