// People at the box, managed by admins (issue 3 "Access"; docs/api.md "Users"):
// create, change, unlock, disable, delete, and see or end someone's sessions. Rules that keep the box
// usable and safe: the last enabled admin cannot be removed, disabled or demoted (409 last_admin); a
// PIN and registers belong to cashiers only; disabling someone, or changing their role or password,
// ends their sessions (they must log in again under the new terms). Every change is audited with the
// user before and after; passwords and PINs appear only as "***".
import { type AuditContext, type AuditLog, MASK } from '../audit/audit-log.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from '../auth/password-hash.ts';
import type { Role } from '../auth/roles.ts';
import type { Clock } from '../clock.ts';
import { ApiError, conflict, inUse, invalidField, notFound } from '../http/errors.ts';
import type { RegisterRepository } from '../storage/register-repository.ts';
import type { SessionRepository, SessionRow } from '../storage/session-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserChange, UserRepository, UserRow } from '../storage/user-repository.ts';

/** A user as the API shows it: the row (lock already run out shown as none) and their registers. */
export interface UserView {
  row: UserRow;
  registerIds: number[];
}

export interface NewUserInput {
  username: string;
  role: Role;
  password: string;
  displayName?: string | null;
  registerIds?: readonly number[];
  pin?: string;
}

export interface UserUpdate {
  role?: Role;
  disabled?: boolean;
  displayName?: string | null;
  registerIds?: readonly number[];
  password?: string;
  /** A new PIN, or null to remove it. */
  pin?: string | null;
}

export interface UserServiceDeps {
  users: UserRepository;
  sessions: SessionRepository;
  registers: RegisterRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  scryptParams?: ScryptParams;
}

export class UserService {
  private readonly deps: UserServiceDeps;

  constructor(deps: UserServiceDeps) {
    this.deps = deps;
  }

  list(): UserView[] {
    const registerIds = this.deps.users.registerIdsByUser();
    return this.deps.users.list().map((row) => this.viewOf(row, registerIds.get(row.id) ?? []));
  }

  get(id: number): UserView {
    const row = this.deps.users.getById(id);
    if (row === undefined) throw notFound('user', id);
    return this.viewOf(row, this.deps.users.registerIds(id));
  }

  async create(input: NewUserInput, context: AuditContext): Promise<UserView> {
    const registerIds = input.registerIds ?? [];
    this.checkCashierFields(input.role, input.pin, registerIds);
    const passwordHash = await this.hash(input.password);
    const pinHash = input.pin === undefined ? null : await this.hash(input.pin);
    return this.deps.transaction(() => {
      if (this.deps.users.findByUsername(input.username) !== undefined) {
        throw conflict(`The username ${input.username} is taken.`);
      }
      const id = this.deps.users.insert({
        username: input.username,
        role: input.role,
        displayName: input.displayName ?? null,
        passwordHash,
        pinHash,
        at: this.now(),
      });
      this.deps.users.setRegisterIds(id, registerIds);
      const after = this.get(id);
      this.deps.audit.record(context, {
        action: 'user.create',
        entity: 'user',
        entityId: id,
        after: { ...snapshot(after), password: MASK, ...(pinHash === null ? {} : { pin: MASK }) },
      });
      return after;
    });
  }

  /** `actorSessionId`: the session making the change, kept alive when the admin changes themselves. */
  async update(
    id: number,
    update: UserUpdate,
    context: AuditContext,
    actorSessionId: string | null,
  ): Promise<UserView> {
    const current = this.get(id);
    const role = update.role ?? current.row.role;
    this.checkCashierFields(role, update.pin ?? undefined, update.registerIds ?? []);
    const passwordHash = update.password === undefined ? undefined : await this.hash(update.password);
    const pinHash = typeof update.pin === 'string' ? await this.hash(update.pin) : update.pin;
    return this.deps.transaction(() => {
      const before = this.get(id);
      const change: UserChange = {};
      if (update.role !== undefined && update.role !== before.row.role) change.role = update.role;
      if (update.disabled !== undefined && update.disabled !== before.row.disabled) {
        change.disabled = update.disabled;
      }
      if (update.displayName !== undefined) change.displayName = update.displayName;
      if (pinHash !== undefined) change.pinHash = pinHash;
      // A PIN and registers mean nothing for other roles: leaving the cashier role drops them.
      const leavesCashier = change.role !== undefined && before.row.role === 'cashier';
      if (leavesCashier) change.pinHash = null;
      const demoted = change.role !== undefined && before.row.role === 'admin';
      if ((demoted || change.disabled === true) && before.row.role === 'admin' && !before.row.disabled) {
        this.assertNotLastAdmin();
      }

      const at = this.now();
      this.deps.users.update(id, change, at);
      if (leavesCashier) this.deps.users.setRegisterIds(id, []);
      else if (update.registerIds !== undefined) this.deps.users.setRegisterIds(id, update.registerIds);
      if (passwordHash !== undefined) this.deps.users.setPasswordHash(id, passwordHash, at);
      const endsSessions =
        change.role !== undefined || change.disabled === true || passwordHash !== undefined;
      const ended = endsSessions ? this.deps.sessions.revokeAllOfUser(id, at, actorSessionId) : 0;

      const after = this.get(id);
      this.deps.audit.record(context, {
        action: 'user.update',
        entity: 'user',
        entityId: id,
        before: snapshot(before),
        after: {
          ...snapshot(after),
          ...(passwordHash === undefined ? {} : { password: MASK }),
          ...(typeof pinHash === 'string' ? { pin: MASK } : {}),
          ...(ended > 0 ? { sessions_ended: ended } : {}),
        },
      });
      return after;
    });
  }

  unlock(id: number, context: AuditContext): UserView {
    return this.deps.transaction(() => {
      const before = this.get(id);
      this.deps.users.clearLock(id, this.now());
      const after = this.get(id);
      this.deps.audit.record(context, {
        action: 'user.unlock',
        entity: 'user',
        entityId: id,
        before: snapshot(before),
        after: snapshot(after),
      });
      return after;
    });
  }

  delete(id: number, context: AuditContext): void {
    this.deps.transaction(() => {
      const before = this.get(id);
      if (before.row.role === 'admin' && !before.row.disabled) this.assertNotLastAdmin();
      try {
        this.deps.users.delete(id);
      } catch (error) {
        // Another table that keeps a reference to its people (and no ON DELETE rule) holds on to this one.
        if (error instanceof Error && /FOREIGN KEY/.test(error.message)) {
          throw inUse(`User ${before.row.username} is referred to by stored records; disable them instead.`);
        }
        throw error;
      }
      this.deps.audit.record(context, {
        action: 'user.delete',
        entity: 'user',
        entityId: id,
        before: snapshot(before),
      });
    });
  }

  sessions(id: number): SessionRow[] {
    this.get(id);
    return this.deps.sessions.listActive(id, this.now());
  }

  /** Ends every session of the user; answers how many were live. */
  revokeSessions(id: number, context: AuditContext): number {
    return this.deps.transaction(() => {
      this.get(id);
      const ended = this.deps.sessions.revokeAllOfUser(id, this.now());
      this.deps.audit.record(context, {
        action: 'user.sessions_revoke',
        entity: 'user',
        entityId: id,
        after: { sessions_ended: ended },
      });
      return ended;
    });
  }

  private viewOf(row: UserRow, registerIds: number[]): UserView {
    // A lock that has run out is no lock: the next login clears it in the row too.
    const expired =
      row.lockedUntil !== null && Date.parse(row.lockedUntil) <= this.deps.clock.now().getTime();
    return { row: expired ? { ...row, lockedUntil: null, failedLogins: 0 } : row, registerIds };
  }

  private checkCashierFields(role: Role, pin: string | undefined, registerIds: readonly number[]): void {
    if (pin !== undefined && role !== 'cashier') invalid('/pin', 'is for cashiers only');
    if (registerIds.length > 0 && role !== 'cashier')
      invalid('/register_ids', 'are assigned to cashiers only');
    registerIds.forEach((registerId, index) => {
      if (this.deps.registers.getById(registerId) === undefined) {
        invalid(`/register_ids/${index}`, `register ${registerId} does not exist`);
      }
    });
  }

  private assertNotLastAdmin(): void {
    if (this.deps.users.countEnabledAdmins() <= 1) {
      throw new ApiError('last_admin', 'This is the last enabled admin: make another admin first.');
    }
  }

  private hash(secret: string): Promise<string> {
    return hashPassword(secret, this.deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

/** The audited form of a user: everything the API shows, no hashes. */
function snapshot(view: UserView): Record<string, unknown> {
  const { row } = view;
  return {
    username: row.username,
    display_name: row.displayName,
    role: row.role,
    disabled: row.disabled,
    locked_until: row.lockedUntil,
    failed_logins: row.failedLogins,
    has_pin: row.pinHash !== null,
    register_ids: view.registerIds,
  };
}

function invalid(path: string, message: string): never {
  throw invalidField(path, message);
}
