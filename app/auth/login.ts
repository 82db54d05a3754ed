// Logging in and out (issue 2 "HTTP API"; issue 3 adds PINs and the per-address throttle). A person
// logs in with a username and a password, or, a cashier only, with a username and a PIN of 4–8
// digits. Both are scrypt-hashed and share the account's lockout (lockout.ts). An unknown username,
// or a PIN for someone who has none, costs the same scrypt work as a real check, so the answer time
// does not reveal which usernames exist.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { SessionRow } from '../storage/session-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserRepository, UserRow } from '../storage/user-repository.ts';
import type { Lockout } from './lockout.ts';
import type { LoginThrottle } from './login-throttle.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from './password-hash.ts';
import type { ClientInfo, SessionService } from './sessions.ts';

export type Credential = { password: string } | { pin: string };

export interface LoginResult {
  token: string;
  session: SessionRow;
  user: UserRow;
}

export interface LoginServiceDeps {
  users: UserRepository;
  sessions: SessionService;
  lockout: Lockout;
  throttle: LoginThrottle;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  scryptParams?: ScryptParams;
}

export class LoginService {
  private readonly deps: LoginServiceDeps;
  private readonly params: ScryptParams;
  private dummyHash: Promise<string> | undefined;

  constructor(deps: LoginServiceDeps) {
    this.deps = deps;
    this.params = deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS;
  }

  async login(username: string, credential: Credential, client: ClientInfo): Promise<LoginResult> {
    const { users, lockout, throttle } = this.deps;
    throttle.assertAllowed(client.ip);
    const context: AuditContext = { actor: { kind: 'anonymous', name: username }, ip: client.ip };
    const secret = 'pin' in credential ? credential.pin : credential.password;
    const user = users.findByUsername(username);
    if (user === undefined) {
      await this.burnTime(secret);
      throttle.recordFailure(client.ip);
      throw invalidCredentials();
    }
    try {
      lockout.assertNotLocked(user);
    } catch (error) {
      // Knocking on a locked account is a failed login too, as far as this address is concerned.
      throttle.recordFailure(client.ip);
      throw error;
    }

    const hash = 'pin' in credential ? (user.role === 'cashier' ? user.pinHash : null) : user.passwordHash;
    const matches = hash === null ? await this.burnTime(secret) : await verifyPassword(secret, hash);
    if (!matches || user.disabled) {
      lockout.recordFailure(user, context);
      throttle.recordFailure(client.ip);
      throw invalidCredentials();
    }
    await this.upgradeHash(user, credential, hash!);
    return this.startSession(user, client);
  }

  /** Starts a session for a user already proven (login, first-run setup); audited as a login. */
  startSession(user: UserRow, client: ClientInfo): LoginResult {
    const now = this.deps.clock.now().toISOString();
    const userContext: AuditContext = {
      actor: { kind: 'user', id: user.id, name: user.username },
      ip: client.ip,
    };
    const { token, session } = this.deps.transaction(() => {
      this.deps.users.recordLogin(user.id, now);
      const started = this.deps.sessions.start(user.id, client);
      this.deps.audit.record(userContext, {
        action: 'auth.login',
        entity: 'session',
        entityId: started.session.id,
      });
      return started;
    });
    return { token, session, user: this.deps.users.getById(user.id)! };
  }

  /** Ends one of the user's own sessions (logout, or "sign out that other browser"). */
  endSession(userId: number, sessionId: string, context: AuditContext, action = 'session.revoke'): void {
    const session = this.deps.sessions.get(sessionId);
    if (session === undefined || session.userId !== userId) throw notFound('session', sessionId);
    if (session.revokedAt !== null) return;
    this.deps.transaction(() => {
      this.deps.sessions.revoke(sessionId);
      this.deps.audit.record(context, { action, entity: 'session', entityId: sessionId });
    });
  }

  /** Hashes made with older scrypt parameters are redone while the secret is at hand. */
  private async upgradeHash(user: UserRow, credential: Credential, hash: string): Promise<void> {
    if (!needsRehash(hash, this.params)) return;
    const now = this.deps.clock.now().toISOString();
    if ('pin' in credential) {
      const pinHash = await hashPassword(credential.pin, this.params);
      this.deps.users.update(user.id, { pinHash }, now);
    } else {
      const upgraded = await hashPassword(credential.password, this.params);
      this.deps.users.setPasswordHash(user.id, upgraded, now);
    }
  }

  /** The scrypt work of a real check, for answers that must not be faster; always false. */
  private async burnTime(secret: string): Promise<false> {
    this.dummyHash ??= hashPassword('not a password of anyone', this.params);
    await verifyPassword(secret, await this.dummyHash);
    return false;
  }
}

function invalidCredentials(): ApiError {
  return new ApiError('invalid_credentials', 'The username or password is wrong.');
}
