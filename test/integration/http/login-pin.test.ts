// Logging in with a PIN (cashiers only, sharing the account lockout) and the per-address throttle of
// failed logins, which also covers usernames that do not exist (issue 3 "Access").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../../app/auth/lockout.ts';
import { MAX_FAILURES_PER_IP, THROTTLE_WINDOW_MS } from '../../../app/auth/login-throttle.ts';
import { createUser } from '../../helpers/api-fixtures.ts';
import { ADMIN_PASSWORD, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
  await createUser(api, { username: 'kate', role: 'cashier', password: 'kate password', pin: '4321' });
  await createUser(api, { username: 'tech', role: 'technician', password: 'tech password' });
});
afterEach(async () => {
  await api.close();
});

function login(payload: object, remoteAddress = '192.0.2.10') {
  return api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress });
}

describe('PIN login', () => {
  it('logs a cashier in with their PIN, with a CSRF token like a password login', async () => {
    const response = await login({ username: 'kate', pin: '4321' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user).toMatchObject({ username: 'kate', role: 'cashier', has_pin: true });
    expect(response.json().csrf_token).toEqual(expect.any(String));
  });

  it('refuses a wrong PIN, a PIN for a non-cashier and a PIN for someone without one, alike', async () => {
    await createUser(api, { username: 'olga', role: 'cashier', password: 'olga password' });
    const answers = [
      await login({ username: 'kate', pin: '0000' }),
      await login({ username: 'tech', pin: '1234' }),
      await login({ username: 'olga', pin: '1234' }),
      await login({ username: 'nobody', pin: '1234' }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toEqual(answers[0]!.json());
    }
  });

  it('shares the lockout with the password', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await login({ username: 'kate', pin: `000${i}` });
    await login({ username: 'kate', password: 'wrong' });
    const locked = await login({ username: 'kate', pin: '4321' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('account_locked');
    expect((await login({ username: 'kate', password: 'kate password' })).statusCode).toBe(429);
    api.clock.advance(LOCKOUT_MS);
    expect((await login({ username: 'kate', pin: '4321' })).statusCode).toBe(200);
  });

  it('wants exactly one of password and PIN, and a PIN of 4–8 digits', async () => {
    const both = await login({ username: 'kate', pin: '4321', password: 'kate password' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details[0].path).toBe('/password');
    for (const pin of ['123', '123456789', '12a4', ' 1234']) {
      const response = await login({ username: 'kate', pin });
      expect(response.statusCode, pin).toBe(400);
      expect(response.json().error.details[0].path).toBe('/pin');
    }
  });
});

describe('login throttle per address', () => {
  it(`answers 429 too_many_attempts after ${MAX_FAILURES_PER_IP} failures from one address, unknown usernames included`, async () => {
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      const response = await login({ username: `nobody${i}`, password: 'guess' });
      expect(response.statusCode).toBe(401);
    }
    const throttled = await login({ username: 'admin', password: ADMIN_PASSWORD });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('too_many_attempts');
    expect(Number(throttled.headers['retry-after'])).toBe(THROTTLE_WINDOW_MS / 1000);
    expect(throttled.headers['set-cookie']).toBeUndefined();

    // Another address is not affected; the throttled one may try again when its window has passed.
    expect((await login({ username: 'admin', password: ADMIN_PASSWORD }, '192.0.2.11')).statusCode).toBe(200);
    api.clock.advance(THROTTLE_WINDOW_MS - 1000);
    const later = await login({ username: 'admin', password: ADMIN_PASSWORD });
    expect(later.statusCode).toBe(429);
    expect(Number(later.headers['retry-after'])).toBe(1);
    api.clock.advance(1000);
    expect((await login({ username: 'admin', password: ADMIN_PASSWORD })).statusCode).toBe(200);
  });

  it('counts wrong passwords of real users too, but not successful logins', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_IP - 1; i++) {
      await login({ username: i % 2 === 0 ? 'nobody' : 'tech', password: 'guess' });
      api.clock.advance(LOCKOUT_MS / MAX_FAILURES_PER_IP / 2);
    }
    expect((await login({ username: 'admin', password: ADMIN_PASSWORD })).statusCode).toBe(200);
    expect((await login({ username: 'nobody', password: 'guess' })).statusCode).toBe(401);
    expect((await login({ username: 'admin', password: ADMIN_PASSWORD })).statusCode).toBe(429);
  });
});
