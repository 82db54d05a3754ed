// Logging in and out (issue 2 "HTTP API"; the lockout is asked for by issue 3). After
// MAX_FAILED_LOGINS wrong passwords in a row an account is locked for LOCKOUT_MS; while locked even
// the right password is refused, so guessing cannot go on. An unknown username costs the same scrypt
// work as a known one, so the answer time does not reveal which usernames exist.
import { type AuditContext, type AuditLog, SYSTEM_CONTEXT } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { SessionRow } from '../storage/session-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserRepository, UserRow } from '../storage/user-repository.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from './password-hash.ts';
import type { ClientInfo, SessionService } from './sessions.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface LoginResult {
  token: string;
  session: SessionRow;
  user: UserRow;
}

export class LoginService {
  private readonly users: UserRepository;
  private readonly sessions: SessionService;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;
  private readonly params: ScryptParams;
  private dummyHash: Promise<string> | undefined;

  constructor(
    users: UserRepository,
    sessions: SessionService,
    audit: AuditLog,
    transaction: Transaction,
    clock: Clock,
    params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  ) {
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
    this.params = params;
  }

  async login(username: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const context: AuditContext = { actor: { kind: 'anonymous', name: username }, ip: client.ip };
    const user = this.users.findByUsername(username);
    if (user === undefined) {
      this.dummyHash ??= hashPassword('not a password of anyone', this.params);
      await verifyPassword(password, await this.dummyHash);
      throw invalidCredentials();
    }
    const lockedUntil = user.lockedUntil === null ? undefined : Date.parse(user.lockedUntil);
    if (lockedUntil !== undefined && lockedUntil > this.clock.now().getTime())
      throw accountLocked(lockedUntil, this.clock);

    const matches = await verifyPassword(password, user.passwordHash);
    const now = this.clock.now().toISOString();
    if (!matches || user.disabled) {
      this.recordFailure(user, context, lockedUntil !== undefined);
      throw invalidCredentials();
    }

    if (needsRehash(user.passwordHash, this.params)) {
      const upgraded = await hashPassword(password, this.params);
      this.users.setPasswordHash(user.id, upgraded, now);
    }
    const userContext: AuditContext = {
      actor: { kind: 'user', id: user.id, name: user.username },
      ip: client.ip,
    };
    const { token, session } = this.transaction(() => {
      this.users.recordLogin(user.id, now);
      const started = this.sessions.start(user.id, client);
      this.audit.record(userContext, {
        action: 'auth.login',
        entity: 'session',
        entityId: started.session.id,
      });
      return started;
    });
    return { token, session, user: this.users.getById(user.id)! };
  }

  getUser(id: number): UserRow | undefined {
    return this.users.getById(id);
  }

  /** Ends one of the user's own sessions (logout, or "sign out that other browser"). */
  endSession(userId: number, sessionId: string, context: AuditContext, action = 'session.revoke'): void {
    const session = this.sessions.get(sessionId);
    if (session === undefined || session.userId !== userId) throw notFound('session', sessionId);
    if (session.revokedAt !== null) return;
    this.transaction(() => {
      this.sessions.revoke(sessionId);
      this.audit.record(context, { action, entity: 'session', entityId: sessionId });
    });
  }

  private recordFailure(user: UserRow, context: AuditContext, lockExpired: boolean): void {
    const now = this.clock.now();
    this.transaction(() => {
      // A lock that has run out starts a fresh count.
      if (lockExpired) this.users.clearLock(user.id, now.toISOString());
      const failures = this.users.addFailedLogin(user.id, now.toISOString());
      this.audit.record(context, { action: 'auth.login_failed', entity: 'user', entityId: user.id });
      if (failures >= MAX_FAILED_LOGINS) {
        const until = new Date(now.getTime() + LOCKOUT_MS).toISOString();
        this.users.lock(user.id, until, now.toISOString());
        this.audit.record(SYSTEM_CONTEXT, {
          action: 'user.locked',
          entity: 'user',
          entityId: user.id,
          after: { locked_until: until, failed_logins: failures },
        });
      }
    });
  }
}

function invalidCredentials(): ApiError {
  return new ApiError('invalid_credentials', 'The username or password is wrong.');
}

function accountLocked(until: number, clock: Clock): ApiError {
  const seconds = Math.max(1, Math.ceil((until - clock.now().getTime()) / 1000));
  return new ApiError(
    'account_locked',
    `Too many failed logins: the account is locked until ${new Date(until).toISOString()}.`,
    undefined,
    { 'retry-after': String(seconds) },
  );
}
