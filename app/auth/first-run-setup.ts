// First run in the browser (issue 3 "Access": the first visitor sets the admin password). While no user
// exists, GET /setup says so and POST /setup creates the admin and logs them in. The check and the
// insert share one transaction (insertFirstAdmin), so two visitors racing cannot both become admin:
// the second gets 409 setup_done. Nothing is public once the box has a user.
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../http/errors.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserRepository } from '../storage/user-repository.ts';
import { insertFirstAdmin } from './first-admin.ts';
import type { LoginResult, LoginService } from './login.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from './password-hash.ts';
import type { ClientInfo } from './sessions.ts';

export interface FirstRunSetupDeps {
  users: UserRepository;
  login: LoginService;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  scryptParams?: ScryptParams;
}

export class FirstRunSetup {
  private readonly deps: FirstRunSetupDeps;

  constructor(deps: FirstRunSetupDeps) {
    this.deps = deps;
  }

  needsAdmin(): boolean {
    return this.deps.users.count() === 0;
  }

  async createAdmin(username: string, password: string, client: ClientInfo): Promise<LoginResult> {
    if (!this.needsAdmin()) throw setupDone();
    const passwordHash = await hashPassword(password, this.deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS);
    const context = { actor: { kind: 'anonymous' as const, name: username }, ip: client.ip };
    // The admin and their session commit together: no admin without the session that set them up.
    const result = this.deps.transaction(() => {
      const id = insertFirstAdmin(this.deps, username, passwordHash, context, 'setup');
      return id === undefined
        ? undefined
        : this.deps.login.startSession(this.deps.users.getById(id)!, client);
    });
    if (result === undefined) throw setupDone();
    return result;
  }
}

function setupDone(): ApiError {
  return new ApiError('setup_done', 'The box is already set up; log in instead.');
}
