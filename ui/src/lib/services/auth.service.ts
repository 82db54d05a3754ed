// Logging in and out, the current person, their password and sessions (docs/api.md "Auth").
import { api } from '../api/client.ts';
import type { LoginAnswerJson, MeAnswerJson, SessionJson } from '../api/types.ts';

export type Credentials = { username: string; password: string } | { username: string; pin: string };

export function login(credentials: Credentials): Promise<LoginAnswerJson> {
  return api.post('/auth/login', credentials, { redirectOnUnauthenticated: false });
}

export function logout(): Promise<void> {
  return api.post('/auth/logout', undefined, { redirectOnUnauthenticated: false });
}

/** The person behind the session cookie; throws ApiError `unauthenticated` when there is none. */
export function getMe(): Promise<MeAnswerJson> {
  return api.get('/auth/me', undefined, { redirectOnUnauthenticated: false });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.put('/auth/password', { current_password: currentPassword, new_password: newPassword });
}

export async function listMySessions(): Promise<SessionJson[]> {
  return (await api.get<{ items: SessionJson[] }>('/auth/sessions')).items;
}

export function revokeMySession(id: string): Promise<void> {
  return api.delete(`/auth/sessions/${encodeURIComponent(id)}`);
}
