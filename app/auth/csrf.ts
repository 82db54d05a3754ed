// CSRF protection for people (issue 3 "Access": CSRF protection). The session cookie travels with
// every request a browser makes, also with one a foreign page makes it send; a header cannot be set
// that way. So every unsafe request authenticated by the cookie must also carry X-CSRF-Token, whose
// value only the page that logged in knows (it is in the login answer and in GET /auth/me).
// The value is an HMAC of a fixed label keyed with the session's cookie token: bound to that
// session, nothing to store, and not computable from the session id (the token's SHA-256) that
// session lists show.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CSRF_HEADER = 'x-csrf-token';
const LABEL = 'kassabox csrf v1';

export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update(LABEL).digest('base64url');
}

/** True when `presented` is the CSRF token of the session; compared in constant time. */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
