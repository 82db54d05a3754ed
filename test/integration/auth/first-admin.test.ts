import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../app/audit/audit-log.ts';
import { ensureFirstAdmin } from '../../../app/auth/first-admin.ts';
import { verifyPassword } from '../../../app/auth/password-hash.ts';
import { systemClock } from '../../../app/clock.ts';
import { AuditRepository } from '../../../app/storage/audit-repository.ts';
import { openDatabase } from '../../../app/storage/database.ts';
import { transactionOf } from '../../../app/storage/transaction.ts';
import { UserRepository } from '../../../app/storage/user-repository.ts';
import { FAST_SCRYPT } from '../../helpers/api-harness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassabox-admin-'));
  dirs.push(dataDir);
  const db = openDatabase(join(dataDir, 'kassabox.sqlite'));
  const users = new UserRepository(db);
  const deps = {
    users,
    audit: new AuditLog(new AuditRepository(db), systemClock),
    transaction: transactionOf(db),
    clock: systemClock,
    scryptParams: FAST_SCRYPT,
  };
  return { dataDir, db, users, deps };
}

describe('first admin', () => {
  it('is created with KASSABOX_ADMIN_PASSWORD when no user exists', async () => {
    const { users, deps } = setUp();
    const outcome = await ensureFirstAdmin(deps, { adminPassword: 'from the environment' });
    expect(outcome).toEqual({ created: true, username: 'admin' });
    const admin = users.findByUsername('admin')!;
    expect(admin.role).toBe('admin');
    expect(await verifyPassword('from the environment', admin.passwordHash)).toBe(true);
  });

  it('without KASSABOX_ADMIN_PASSWORD is left to the first visitor: no user, no password file', async () => {
    const { dataDir, users, deps } = setUp();
    const outcome = await ensureFirstAdmin(deps, { adminPassword: undefined });
    expect(outcome).toEqual({ created: false, needsSetup: true });
    expect(users.count()).toBe(0);
    expect(readdirSync(dataDir).filter((name) => !name.startsWith('kassabox.sqlite'))).toEqual([]);
  });

  it('does nothing once a user exists', async () => {
    const { users, deps } = setUp();
    await ensureFirstAdmin(deps, { adminPassword: 'first password' });
    const again = await ensureFirstAdmin(deps, { adminPassword: 'second password' });
    expect(again).toEqual({ created: false, needsSetup: false });
    expect(users.count()).toBe(1);
    expect(await verifyPassword('first password', users.findByUsername('admin')!.passwordHash)).toBe(true);
  });

  it('audits the creation without the password', async () => {
    const { db, deps } = setUp();
    await ensureFirstAdmin(deps, { adminPassword: 'audited secret' });
    const rows = db.prepare('SELECT * FROM audit').all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).toContain('user.create');
    expect(JSON.stringify(rows)).not.toContain('audited secret');
  });
});
