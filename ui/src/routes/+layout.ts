// A static SPA: everything renders in the browser, nothing is prerendered but the fallback page.
// Every page but /login and /setup needs a person: the session is read once from GET /auth/me, and
// without one the visitor goes to /setup (a box without users) or /login.
import { redirect } from '@sveltejs/kit';
import { ApiError } from '#lib/api/client.ts';
import { getMe } from '#lib/services/auth.service.ts';
import { entryPage, session } from '#lib/session/session.svelte.ts';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;

/** Pages anyone may open. */
const PUBLIC_PATHS = ['/login', '/setup'];

export const load: LayoutLoad = async ({ url }) => {
  if (PUBLIC_PATHS.includes(url.pathname) || session.user) return {};
  try {
    const me = await getMe();
    session.start(me.user, me.csrf_token);
    void session.loadSettings();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthenticated') {
      redirect(307, await entryPage(`${url.pathname}${url.search}`));
    }
    throw error;
  }
  return {};
};
