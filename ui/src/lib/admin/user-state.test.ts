import { describe, expect, it } from 'vitest';
import type { UserJson } from '../api/types.ts';
import { isLocked, userStateLook, userTitle } from './user-state.ts';

const now = new Date('2026-11-22T10:00:00Z');
const user = (extra: Partial<UserJson> = {}) =>
  ({
    username: 'ivanova',
    display_name: null,
    disabled: false,
    locked_until: null,
    failed_logins: 0,
    ...extra,
  }) as UserJson;

describe('userStateLook', () => {
  it('puts a disabled account first, then a lock, then failed logins', () => {
    expect(
      userStateLook(user({ disabled: true, locked_until: '2026-11-22T10:10:00Z' }), now, 'UTC').label,
    ).toBe('Отключён');
    expect(
      userStateLook(user({ locked_until: '2026-11-22T10:10:00Z', failed_logins: 5 }), now, 'Europe/Moscow'),
    ).toEqual({
      label: 'Заблокирован до 13:10',
      tone: 'danger',
    });
    expect(userStateLook(user({ failed_logins: 2 }), now, 'UTC').tone).toBe('warn');
    expect(userStateLook(user(), now, 'UTC')).toEqual({ label: 'Активен', tone: 'ok' });
  });

  it('treats a lock that has run out as no lock', () => {
    const expired = user({ locked_until: '2026-11-22T09:59:00Z' });
    expect(isLocked(expired, now)).toBe(false);
    expect(userStateLook(expired, now, 'UTC').label).toBe('Активен');
  });
});

describe('userTitle', () => {
  it('shows the display name with the login, or the login alone', () => {
    expect(userTitle(user({ display_name: 'Иванова И.И.' }))).toBe('Иванова И.И. (ivanova)');
    expect(userTitle(user())).toBe('ivanova');
  });
});
