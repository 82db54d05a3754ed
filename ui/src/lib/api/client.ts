// The one way the UI talks to the box: JSON over /api/v1 with the session cookie. Unsafe methods carry
// the session's CSRF token (docs/api.md "CSRF"); every failure becomes an ApiError with the
// server's stable code, so pages branch on codes and never on message text. A request that finds the
// session gone hands over to the session module (configured below), which sends the person to /login.

export const API_BASE = '/api/v1';

export interface ApiErrorDetail {
  path: string;
  location?: string;
  message: string;
}

export class ApiError extends Error {
  /** HTTP status; 0 when the box did not answer at all. */
  readonly status: number;
  /** The server's error code (ERROR_CATALOGUE), or `network_error` / `bad_answer` made up here. */
  readonly code: string;
  readonly details: readonly ApiErrorDetail[];
  /** Seconds, from Retry-After (account_locked). */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details: readonly ApiErrorDetail[] = [],
    retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /**
   * Field problems of an invalid_request by body field name: `{ amount_kopecks: 'must be …' }`. A
   * nested field is also under its dotted path (`/settings/url` → `settings` and `settings.url`), so a
   * form with per-kind settings shows the problem at the very input.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const detail of this.details) {
      const parts = detail.path.replace(/^\//, '').split('/');
      out[parts[0] ?? ''] ??= detail.message;
      if (parts.length > 1) out[parts.join('.')] ??= detail.message;
    }
    return out;
  }
}

export interface ClientHooks {
  /** The current session's CSRF token, sent on POST/PUT/PATCH/DELETE. */
  csrfToken(): string | null;
  /** Called once per request that answered 401 unauthenticated (the session ended). */
  onUnauthenticated(): void;
  /** Reads the session's CSRF token again (after 403 csrf_failed); true when a new one was found. */
  refreshCsrfToken(): Promise<boolean>;
}

let hooks: ClientHooks = {
  csrfToken: () => null,
  onUnauthenticated: () => {},
  refreshCsrfToken: async () => false,
};

/** The session module installs itself here at start (kept out of this file to avoid an import cycle). */
export function configureClient(next: ClientHooks): void {
  hooks = next;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** false: a 401 is only thrown (used while finding out whether anyone is logged in). */
  redirectOnUnauthenticated?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function apiUrl(path: string, query?: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return `${API_BASE}${path}${text ? `?${text}` : ''}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(method, path, options);
  } catch (error) {
    // A token the page kept from before (another tab logged in again, the box restarted) is stale: fetch
    // the current one and try once more. The request was refused, so repeating it cannot double it.
    if (error instanceof ApiError && error.code === 'csrf_failed' && (await hooks.refreshCsrfToken())) {
      return send<T>(method, path, options);
    }
    throw error;
  }
}

async function send<T>(method: string, path: string, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const csrf = hooks.csrfToken();
  if (UNSAFE.has(method) && csrf) headers['x-csrf-token'] = csrf;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'KassaBox не отвечает: проверьте сеть');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(response.status, 'bad_answer', `Непонятный ответ сервера (HTTP ${response.status})`);
  }
  if (response.ok) return json as T;

  const error = toApiError(response, json);
  if (error.code === 'unauthenticated' && options.redirectOnUnauthenticated !== false)
    hooks.onUnauthenticated();
  throw error;
}

function toApiError(response: Response, json: unknown): ApiError {
  const body = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    typeof body?.code === 'string' ? body.code : `http_${response.status}`,
    typeof body?.message === 'string' ? body.message : response.statusText,
    Array.isArray(body?.details) ? (body.details as ApiErrorDetail[]) : [],
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

export const api = {
  get: <T>(path: string, query?: Query, options: Omit<RequestOptions, 'query'> = {}) =>
    request<T>('GET', path, { ...options, ...(query ? { query } : {}) }),
  post: <T>(path: string, body: unknown = {}, options: RequestOptions = {}) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options: RequestOptions = {}) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options: RequestOptions = {}) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options: RequestOptions = {}) => request<T>('DELETE', path, options),
};
