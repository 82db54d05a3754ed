// Who is logged in, as a Svelte 5 rune module: the root layout fills it from GET /auth/me (or the login
// answer), pages read `session.user` and ask `can(action)` to hide what the role cannot use. The CSRF
// token lives here too and the API client reads it for every unsafe request.
import { goto } from '$app/navigation';
import { configureClient } from '../api/client.ts';
import type { SettingsJson, UserJson } from '../api/types.ts';
import { DEFAULT_TIMEZONE } from '../format/datetime.ts';
import { getMe } from '../services/auth.service.ts';
import { getSettings } from '../services/dashboard.service.ts';
import { needsAdmin } from '../services/setup.service.ts';
import { type Action, canOperateRegister, roleCan } from './permissions.ts';

class Session {
  user: UserJson | null = $state(null);
  csrfToken: string | null = null;
  /** Box settings (GET /settings): name, time zone, lifecycle; the server's defaults until it is read. */
  settings: SettingsJson = $state({
    box_name: 'KassaBox',
    timezone: DEFAULT_TIMEZONE,
    status_poll_seconds: 60,
    shift_close_time: null,
    shift_max_hours: 22.5,
  });

  get timezone(): string {
    return this.settings.timezone;
  }

  start(user: UserJson, csrfToken: string): void {
    this.user = user;
    this.csrfToken = csrfToken;
  }

  end(): void {
    this.user = null;
    this.csrfToken = null;
  }

  /** Reads the box settings; a failure keeps the defaults (dates still show, in Moscow time). */
  async loadSettings(): Promise<void> {
    try {
      this.settings = await getSettings();
    } catch {
      // The defaults stay; the page that needed something else reports its own error.
    }
  }
}

export const session = new Session();

/** Whether the logged-in person's role allows `action` (hides UI only; the server decides). */
export function can(action: Action): boolean {
  return session.user !== null && roleCan(session.user.role, action);
}

export function canOperate(registerId: number): boolean {
  return session.user !== null && canOperateRegister(session.user, registerId);
}

/** Where a person goes when nobody is logged in: /setup on a box without users, else /login. */
export async function entryPage(next?: string): Promise<string> {
  try {
    if (await needsAdmin()) return '/setup';
  } catch {
    // An old server without /setup, or no answer: the login page explains the rest.
  }
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

let redirecting = false;

async function sendToLogin(): Promise<void> {
  if (redirecting) return;
  redirecting = true;
  try {
    session.end();
    const here = `${location.pathname}${location.search}`;
    if (here.startsWith('/login') || here.startsWith('/setup')) return;
    await goto(await entryPage(here), { replace: true });
  } finally {
    redirecting = false;
  }
}

async function refreshCsrfToken(): Promise<boolean> {
  try {
    const me = await getMe();
    const changed = me.csrf_token !== session.csrfToken;
    session.start(me.user, me.csrf_token);
    return changed;
  } catch {
    return false;
  }
}

configureClient({
  csrfToken: () => session.csrfToken,
  onUnauthenticated: () => void sendToLogin(),
  refreshCsrfToken,
});
