// Recovery when nobody can log in (issue 3 "Access": no default password, lockout): on the box itself —
// the console or SSH, as the service user — `kassabox reset-password <username>` (the executable of make
// dist; `npm run user:reset-password -- <username>` in a checkout) gives the user a new random password,
// enables and unlocks the account and ends its sessions. Physical or shell access to the box is the proof
// of authority, as with a router's reset button; the change is audited as done from the console. The new
// password is printed once to this terminal, never logged.
import { existsSync } from 'node:fs';
import type { AuditContext } from '../audit/audit-log.ts';
import { randomToken } from '../auth/secret-token.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createAppDeps } from '../deps.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../storage/database.ts';
import type { UserService } from '../users/user-service.ts';

export const CONSOLE_CONTEXT: AuditContext = { actor: { kind: 'system', name: 'console' }, ip: null };

export interface ResetOutcome {
  username: string;
  role: string;
  password: string;
}

/** Gives `username` a new password, enabled and unlocked, with every session ended. */
export async function resetPassword(users: UserService, username: string): Promise<ResetOutcome> {
  const user = users.list().find((view) => view.row.username.toLowerCase() === username.toLowerCase());
  if (user === undefined) {
    const admins = users
      .list()
      .filter((view) => view.row.role === 'admin')
      .map((view) => view.row.username);
    throw new Error(
      `There is no user "${username}". Admins on this box: ${admins.length > 0 ? admins.join(', ') : 'none'}.`,
    );
  }
  // 20 characters of base64url: about 120 bits, and easy to type from the terminal once.
  const password = randomToken().slice(0, 20);
  await users.update(user.row.id, { password, disabled: false }, CONSOLE_CONTEXT, null);
  users.unlock(user.row.id, CONSOLE_CONTEXT);
  return { username: user.row.username, role: user.row.role, password };
}

/** The command: `reset-password [username]` (args without the command's own name). */
async function main(args: readonly string[]): Promise<void> {
  const username = args[0] ?? 'admin';
  const config = loadConfig(process.env);
  // Opening a missing file would create an empty database: say where we looked instead.
  if (!existsSync(config.databaseFile)) {
    throw new Error(
      `No KassaBox database at ${config.databaseFile}: set KASSABOX_DATA_DIR to the box's data dir.`,
    );
  }
  const db = openDatabase(config.databaseFile);
  try {
    const deps = createAppDeps({ config, logger: createLogger({ level: 'silent' }), db });
    const outcome = await resetPassword(deps.users, username);
    process.stdout.write(
      `New password for ${outcome.username} (${outcome.role}): ${outcome.password}\n` +
        'Every session of this user was ended. Log in and change it under «Мой аккаунт».\n',
    );
  } finally {
    db.close();
  }
}

/** Runs the command; a failure exits 1 with the reason on stderr. */
export function runResetPasswordCommand(args: readonly string[]): void {
  main(args).catch((error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}

if (import.meta.main) runResetPasswordCommand(process.argv.slice(2));
