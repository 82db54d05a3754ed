// Login sessions of people. The browser holds a random token in the kassabox_session cookie; the
// database holds only its SHA-256 as the session id, so a leaked backup opens no session. A session
// ends when it is revoked (logout, or by hand from the session list), when it has been idle for
// IDLE_TIMEOUT_MS, or at the latest MAX_LIFETIME_MS after login.
import type { Clock } from '../clock.ts';
import type { SessionRepository, SessionRow } from '../storage/session-repository.ts';
import type { UserRepository, UserRow } from '../storage/user-repository.ts';
import { randomToken, sha256Hex } from './secret-token.ts';

export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const MAX_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
// last_seen_at is written at most once a minute: every write is an fsync on the box's SD card.
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

export interface AuthenticatedSession {
  session: SessionRow;
  user: UserRow;
}

export class SessionService {
  private readonly sessions: SessionRepository;
  private readonly users: UserRepository;
  private readonly clock: Clock;

  constructor(sessions: SessionRepository, users: UserRepository, clock: Clock) {
    this.sessions = sessions;
    this.users = users;
    this.clock = clock;
  }

  /** Starts a session; the returned token goes into the cookie and is not kept anywhere. */
  start(userId: number, client: ClientInfo): { token: string; session: SessionRow } {
    const token = randomToken();
    const now = this.clock.now();
    const session: SessionRow = {
      id: sha256Hex(token),
      userId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: this.expiry(now, now).toISOString(),
      revokedAt: null,
      userAgent: client.userAgent?.slice(0, 256) ?? null,
      ip: client.ip,
    };
    this.sessions.insert(session);
    return { token, session };
  }

  /** The live session and its user for a cookie token, or undefined when it is not valid (any more). */
  authenticate(token: string): AuthenticatedSession | undefined {
    const session = this.sessions.getById(sha256Hex(token));
    if (session === undefined || session.revokedAt !== null) return undefined;
    const now = this.clock.now();
    if (Date.parse(session.expiresAt) <= now.getTime()) return undefined;
    const user = this.users.getById(session.userId);
    if (user === undefined || user.disabled) return undefined;
    if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
      const expiresAt = this.expiry(new Date(session.createdAt), now).toISOString();
      this.sessions.touch(session.id, now.toISOString(), expiresAt);
      return { session: { ...session, lastSeenAt: now.toISOString(), expiresAt }, user };
    }
    return { session, user };
  }

  get(id: string): SessionRow | undefined {
    return this.sessions.getById(id);
  }

  listActive(userId: number): SessionRow[] {
    return this.sessions.listActive(userId, this.clock.now().toISOString());
  }

  revoke(id: string): void {
    this.sessions.revoke(id, this.clock.now().toISOString());
  }

  private expiry(createdAt: Date, lastSeen: Date): Date {
    return new Date(Math.min(lastSeen.getTime() + IDLE_TIMEOUT_MS, createdAt.getTime() + MAX_LIFETIME_MS));
  }
}
