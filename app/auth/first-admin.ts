// The first admin of a fresh box (issue 3 "Access": first run without a default password). With
// KASSABOX_ADMIN_PASSWORD set (automation, the image builder), user "admin" is created with it at
// start. Otherwise no user exists until the first visitor sets the admin password through
// POST /setup (first-run-setup.ts), like a home router. The password itself never reaches the log.
import { type AuditContext, type AuditLog, SYSTEM_CONTEXT } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserRepository } from '../storage/user-repository.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from './password-hash.ts';

export const FIRST_ADMIN_USERNAME = 'admin';

export type FirstAdminOutcome =
  | { created: true; username: string }
  /** `needsSetup`: no user exists, so the first visitor sets the admin password in the browser. */
  | { created: false; needsSetup: boolean };

export interface FirstAdminDeps {
  users: UserRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  scryptParams?: ScryptParams;
}

export async function ensureFirstAdmin(
  deps: FirstAdminDeps,
  settings: { adminPassword: string | undefined },
): Promise<FirstAdminOutcome> {
  if (deps.users.count() > 0) return { created: false, needsSetup: false };
  if (settings.adminPassword === undefined) return { created: false, needsSetup: true };
  const passwordHash = await hashPassword(settings.adminPassword, deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS);
  const id = deps.transaction(() =>
    insertFirstAdmin(deps, FIRST_ADMIN_USERNAME, passwordHash, SYSTEM_CONTEXT, 'environment'),
  );
  return id === undefined
    ? { created: false, needsSetup: false }
    : { created: true, username: FIRST_ADMIN_USERNAME };
}

/**
 * Creates the first admin, audited, unless a user exists by now: call it inside a transaction, so
 * that of two at once (start and setup, or two setup pages) exactly one wins. Answers the new id.
 */
export function insertFirstAdmin(
  deps: Pick<FirstAdminDeps, 'users' | 'audit' | 'clock'>,
  username: string,
  passwordHash: string,
  context: AuditContext,
  bootstrap: 'environment' | 'setup',
): number | undefined {
  if (deps.users.count() > 0) return undefined;
  const at = deps.clock.now().toISOString();
  const id = deps.users.insert({ username, role: 'admin', passwordHash, at });
  deps.audit.record(context, {
    action: 'user.create',
    entity: 'user',
    entityId: id,
    after: { username, role: 'admin', bootstrap },
  });
  return id;
}
