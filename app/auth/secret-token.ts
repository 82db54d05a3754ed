// Random bearer secrets (session cookies, API tokens) and the digest under which they are stored. The
// tokens carry 256 random bits, so a plain SHA-256 is enough to store them: unlike passwords they
// cannot be guessed from a dictionary, and the lookup must be fast on every request.
import { createHash, randomBytes } from 'node:crypto';

export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
