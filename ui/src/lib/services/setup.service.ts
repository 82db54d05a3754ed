// The first run (docs/api.md "First run"): while no user exists, the first visitor sets the admin password.
import { api } from '../api/client.ts';
import type { LoginAnswerJson } from '../api/types.ts';

export async function needsAdmin(): Promise<boolean> {
  const answer = await api.get<{ needs_admin: boolean }>('/setup', undefined, {
    redirectOnUnauthenticated: false,
  });
  return answer.needs_admin;
}

export function createFirstAdmin(username: string, password: string): Promise<LoginAnswerJson> {
  return api.post('/setup', { username, password }, { redirectOnUnauthenticated: false });
}
