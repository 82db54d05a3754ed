// The account lockout (issue 3 "Access": lockout after repeated failed logins). After
// MAX_FAILED_LOGINS wrong passwords or PINs in a row an account is locked for LOCKOUT_MS; while locked
// even the right one is refused, so guessing cannot go on. Logins and password changes share the count.
import { type AuditContext, type AuditLog, SYSTEM_CONTEXT } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../http/errors.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserRepository, UserRow } from '../storage/user-repository.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export class Lockout {
  private readonly users: UserRepository;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;

  constructor(users: UserRepository, audit: AuditLog, transaction: Transaction, clock: Clock) {
    this.users = users;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** Throws 429 account_locked while the user's lock lasts. */
  assertNotLocked(user: UserRow): void {
    const until = lockedUntil(user);
    if (until !== undefined && until > this.clock.now().getTime()) throw accountLocked(until, this.clock);
  }

  /** Counts one failed attempt, locking the account at the limit; audited. */
  recordFailure(user: UserRow, context: AuditContext): void {
    const now = this.clock.now();
    this.transaction(() => {
      // A lock that has run out starts a fresh count.
      if (lockedUntil(user) !== undefined) this.users.clearLock(user.id, now.toISOString());
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

function lockedUntil(user: UserRow): number | undefined {
  return user.lockedUntil === null ? undefined : Date.parse(user.lockedUntil);
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
