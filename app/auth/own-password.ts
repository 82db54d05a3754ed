// A person changes their own password (PUT /auth/password). The current password is asked for again, so
// a browser left logged in is not enough to take the account over; a wrong one counts toward the
// lockout like a failed login. The new password ends the user's other sessions: whoever else was
// logged in with the old one is out.
import { type AuditContext, type AuditLog, MASK } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { invalidField, notFound } from '../http/errors.ts';
import type { SessionRepository } from '../storage/session-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserRepository } from '../storage/user-repository.ts';
import type { Lockout } from './lockout.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams, verifyPassword } from './password-hash.ts';

export interface OwnPasswordDeps {
  users: UserRepository;
  sessions: SessionRepository;
  lockout: Lockout;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  scryptParams?: ScryptParams;
}

export class OwnPassword {
  private readonly deps: OwnPasswordDeps;

  constructor(deps: OwnPasswordDeps) {
    this.deps = deps;
  }

  /** Answers how many other sessions were ended. */
  async change(
    userId: number,
    currentSessionId: string,
    passwords: { current: string; next: string },
    context: AuditContext,
  ): Promise<number> {
    const { users, sessions, lockout, audit, clock } = this.deps;
    const user = users.getById(userId);
    if (user === undefined) throw notFound('user', userId);
    lockout.assertNotLocked(user);
    if (!(await verifyPassword(passwords.current, user.passwordHash))) {
      lockout.recordFailure(user, context);
      throw invalidField('/current_password', 'is not your current password');
    }
    const passwordHash = await hashPassword(passwords.next, this.deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS);
    return this.deps.transaction(() => {
      const now = clock.now().toISOString();
      users.setPasswordHash(userId, passwordHash, now);
      const ended = sessions.revokeAllOfUser(userId, now, currentSessionId);
      audit.record(context, {
        action: 'user.password_change',
        entity: 'user',
        entityId: userId,
        before: { password: MASK },
        after: { password: MASK, other_sessions_ended: ended },
      });
      return ended;
    });
  }
}
