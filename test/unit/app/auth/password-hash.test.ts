import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../../../../app/auth/password-hash.ts';

const CHEAP = { ln: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('correct horse', CHEAP);
    expect(await verifyPassword('correct horse', encoded)).toBe(true);
    expect(await verifyPassword('correct horsf', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('carries its parameters and a fresh salt in a PHC-style string', async () => {
    const a = await hashPassword('same', CHEAP);
    const b = await hashPassword('same', CHEAP);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same');
  });

  it('uses N=2^15, r=8, p=1 by default', async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ ln: 15, r: 8, p: 1 });
    const encoded = await hashPassword('pw');
    expect(encoded.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('pw', encoded)).toBe(true);
  });

  it('still verifies hashes made with other parameters and says they need a rehash', async () => {
    const old = await hashPassword('pw', CHEAP);
    expect(await verifyPassword('pw', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, CHEAP)).toBe(false);
  });

  it('never matches an unreadable or tampered hash', async () => {
    expect(await verifyPassword('pw', '')).toBe(false);
    expect(await verifyPassword('pw', 'plain text')).toBe(false);
    expect(await verifyPassword('pw', '$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(
      false,
    );
    expect(needsRehash('garbage')).toBe(true);
  });

  it('treats the same text in another Unicode form as the same password', async () => {
    const encoded = await hashPassword('Пароль\u0439', CHEAP); // й composed
    expect(await verifyPassword('Пароль\u0438\u0306', encoded)).toBe(true); // и + combining breve
  });
});
