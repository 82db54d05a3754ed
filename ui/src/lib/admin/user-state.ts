// How a person's account reads in the users list: one badge for the state that matters most.
import type { UserJson } from '../api/types.ts';
import { formatDateTime } from '../format/datetime.ts';
import type { StatusLook } from '../format/status.ts';

export function userStateLook(user: UserJson, now: Date, timeZone: string): StatusLook {
  if (user.disabled) return { label: 'Отключён', tone: 'neutral' };
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
    return {
      label: `Заблокирован до ${formatDateTime(user.locked_until, timeZone).slice(-5)}`,
      tone: 'danger',
    };
  }
  if (user.failed_logins > 0) return { label: `Активен, ошибок входа: ${user.failed_logins}`, tone: 'warn' };
  return { label: 'Активен', tone: 'ok' };
}

export function isLocked(user: UserJson, now: Date): boolean {
  return user.locked_until !== null && Date.parse(user.locked_until) > now.getTime();
}

/** «Иванова И.И. (ivanova)» or just the login when no display name is set. */
export function userTitle(user: Pick<UserJson, 'username' | 'display_name'>): string {
  return user.display_name ? `${user.display_name} (${user.username})` : user.username;
}

export const PIN_PATTERN = /^\d{4,8}$/;
export const MIN_PASSWORD = 8;
