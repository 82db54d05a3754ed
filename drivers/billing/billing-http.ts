// One HTTP call to a billing, shared by the HTTP adapters (OSMP client, ABillS REST, LANBilling SOAP):
// a deadline on every call, and every transport failure turned into a BillingError that says whether a
// payment post may have reached the billing. Error texts name the billing's origin and path, never the
// query, the body or credentials (secrets are never logged).
import { BillingError } from './billing-adapter.ts';

export const DEFAULT_BILLING_TIMEOUT_MS = 10_000;

export interface BillingHttpRequest {
  url: URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Names the call in error messages, e.g. "OSMP pay". */
  what: string;
  /** The call posts a payment: once sent, a lost answer leaves its outcome unknown. */
  posts: boolean;
}

export interface BillingHttpAnswer {
  status: number;
  text: string;
  headers: Headers;
}

// Failures that happen before a single byte of the request reaches the billing: the outcome is known
// (nothing happened) even for a payment post.
const NOTHING_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function billingPlace(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export async function billingRequest(request: BillingHttpRequest): Promise<BillingHttpAnswer> {
  const place = billingPlace(request.url);
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, text, headers: response.headers };
  } catch (error) {
    throw transportError(error, request, place);
  }
}

function transportError(error: unknown, request: BillingHttpRequest, place: string): BillingError {
  const code = errorCode(error);
  if (code !== undefined && NOTHING_SENT.has(code)) {
    return new BillingError('unavailable', `${request.what}: ${place} cannot be reached (${code})`, {
      cause: error,
    });
  }
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const why = timedOut
    ? `no answer within ${request.timeoutMs} ms`
    : `connection failed (${code ?? 'unknown'})`;
  const outcome = request.posts ? '; the payment may or may not have been recorded' : '';
  return new BillingError('unavailable', `${request.what}: ${place}: ${why}${outcome}`, {
    outcomeKnown: !request.posts,
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  // fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }).
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * For statuses the adapter has no special meaning for: credentials refused and server errors are
 * worth a retry after the operator or the billing fixes them (unavailable); a 5xx on a post may have
 * recorded it; anything else unexpected is a protocol error.
 */
export function refuseHttpStatus(answer: BillingHttpAnswer, request: BillingHttpRequest): never {
  const place = billingPlace(request.url);
  if (answer.status === 401 || answer.status === 403) {
    throw new BillingError(
      'unavailable',
      `${request.what}: ${place} refused our credentials (HTTP ${answer.status}); check the billing connection's secrets`,
    );
  }
  if (answer.status >= 500) {
    throw new BillingError('unavailable', `${request.what}: ${place} answered HTTP ${answer.status}`, {
      outcomeKnown: !request.posts,
    });
  }
  throw new BillingError('protocol', `${request.what}: ${place} answered unexpected HTTP ${answer.status}`);
}

export function basicAuthorization(username: string | undefined, password: string | undefined) {
  if (!username) return undefined;
  return `Basic ${Buffer.from(`${username}:${password ?? ''}`, 'utf8').toString('base64')}`;
}
