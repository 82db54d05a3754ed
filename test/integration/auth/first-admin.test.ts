import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../app/audit/audit-log.ts';
import { ensureFirstAdmin, INITIAL_PASSWORD_FILE } from '../../../app/auth/first-admin.ts';
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
  it('is created with KASSABOX_ADMIN_PASSWORD when no user exists, and writes no file', async () => {
    const { dataDir, users, deps } = setUp();
    const outcome = await ensureFirstAdmin(deps, { dataDir, adminPassword: 'from the environment' });
    expect(outcome).toEqual({ created: true, username: 'admin', passwordSource: 'environment' });
    const admin = users.findByUsername('admin')!;
    expect(admin.role).toBe('admin');
    expect(await verifyPassword('from the environment', admin.passwordHash)).toBe(true);
    expect(() => statSync(join(dataDir, INITIAL_PASSWORD_FILE))).toThrow();
  });

  it('gets a generated password in <dataDir>/initial-admin-password, mode 0600', async () => {
    const { dataDir, users, deps } = setUp();
    const outcome = await ensureFirstAdmin(deps, { dataDir, adminPassword: undefined });
    expect(outcome).toMatchObject({ created: true, passwordSource: 'generated' });
    const file = (outcome as { passwordFile: string }).passwordFile;
    expect(file).toBe(join(dataDir, INITIAL_PASSWORD_FILE));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await verifyPassword(password, users.findByUsername('admin')!.passwordHash)).toBe(true);
  });

  it('does nothing once a user exists', async () => {
    const { dataDir, users, deps } = setUp();
    await ensureFirstAdmin(deps, { dataDir, adminPassword: 'first password' });
    const again = await ensureFirstAdmin(deps, { dataDir, adminPassword: 'second password' });
    expect(again).toEqual({ created: false });
    expect(users.count()).toBe(1);
    expect(await verifyPassword('first password', users.findByUsername('admin')!.passwordHash)).toBe(true);
  });

  it('audits the creation without the password', async () => {
    const { dataDir, db, deps } = setUp();
    await ensureFirstAdmin(deps, { dataDir, adminPassword: 'audited secret' });
    const rows = db.prepare('SELECT * FROM audit').all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).toContain('user.create');
    expect(JSON.stringify(rows)).not.toContain('audited secret');
  });
});
