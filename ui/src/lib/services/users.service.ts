// People and their access (admins only; docs/api.md "Users").
import { api } from '../api/client.ts';
import type { SessionJson, UserCreateJson, UserJson, UserListJson, UserPatchJson } from '../api/types.ts';

export async function listUsers(): Promise<UserJson[]> {
  return (await api.get<UserListJson>('/users')).items;
}

export function createUser(body: UserCreateJson): Promise<UserJson> {
  return api.post('/users', body);
}

/** Role, name, registers, password, PIN (null clears it), disabled. */
export function updateUser(id: number, body: UserPatchJson): Promise<UserJson> {
  return api.patch(`/users/${id}`, body);
}

export function unlockUser(id: number): Promise<UserJson> {
  return api.post(`/users/${id}/unlock`);
}

export function deleteUser(id: number): Promise<void> {
  return api.delete(`/users/${id}`);
}

export async function listUserSessions(id: number): Promise<SessionJson[]> {
  return (await api.get<{ items: SessionJson[] }>(`/users/${id}/sessions`)).items;
}

/** Ends every session of the user (they must log in again). */
export function revokeUserSessions(id: number): Promise<{ ended: number }> {
  return api.delete(`/users/${id}/sessions`);
}
