// The first admin of a fresh box (issue 2 "Repository and set-up"). With KASSABOX_ADMIN_PASSWORD set
// (automation), that password is used. Without it a random password is generated and written to
// <dataDir>/initial-admin-password, readable by the service user only; main prints where it is. The
// password itself never reaches the log.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type AuditLog, SYSTEM_CONTEXT } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { UserRepository } from '../storage/user-repository.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from './password-hash.ts';
import { randomToken } from './secret-token.ts';

export const FIRST_ADMIN_USERNAME = 'admin';
export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

export type FirstAdminOutcome =
  | { created: false }
  | { created: true; username: string; passwordSource: 'environment' }
  | { created: true; username: string; passwordSource: 'generated'; passwordFile: string };

export interface FirstAdminDeps {
  users: UserRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  scryptParams?: ScryptParams;
}

export async function ensureFirstAdmin(
  deps: FirstAdminDeps,
  settings: { dataDir: string; adminPassword: string | undefined },
): Promise<FirstAdminOutcome> {
  if (deps.users.count() > 0) return { created: false };
  const generated = settings.adminPassword === undefined;
  const password = settings.adminPassword ?? randomToken().slice(0, 20);
  const passwordHash = await hashPassword(password, deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS);

  let passwordFile: string | undefined;
  if (generated) {
    // Written before the user exists: a crash in between leaves a file for a password nobody has,
    // and the next start simply generates a new one.
    passwordFile = resolve(join(settings.dataDir, INITIAL_PASSWORD_FILE));
    await mkdir(settings.dataDir, { recursive: true });
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    await chmod(passwordFile, 0o600); // mode applies only when the file is created
  }

  const created = deps.transaction(() => {
    if (deps.users.count() > 0) return false;
    const at = deps.clock.now().toISOString();
    const id = deps.users.insert({ username: FIRST_ADMIN_USERNAME, role: 'admin', passwordHash, at });
    deps.audit.record(SYSTEM_CONTEXT, {
      action: 'user.create',
      entity: 'user',
      entityId: id,
      after: {
        username: FIRST_ADMIN_USERNAME,
        role: 'admin',
        bootstrap: generated ? 'generated' : 'environment',
      },
    });
    return true;
  });
  if (!created) return { created: false };
  return passwordFile === undefined
    ? { created: true, username: FIRST_ADMIN_USERNAME, passwordSource: 'environment' }
    : { created: true, username: FIRST_ADMIN_USERNAME, passwordSource: 'generated', passwordFile };
}
