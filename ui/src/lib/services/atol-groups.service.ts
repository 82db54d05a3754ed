// ATOL Online groups: the group code, login and password a billing uses with the box's ATOL Online v4
// endpoints, one per source. The password is stored hashed and never returned.
import { api } from '../api/client.ts';
import type {
  AtolGroupCreateBody,
  AtolGroupJson,
  AtolGroupListJson,
  AtolGroupPatchBody,
} from '../api/types.ts';

export async function listAtolGroups(): Promise<AtolGroupJson[]> {
  return (await api.get<AtolGroupListJson>('/atol-groups')).items;
}

export function createAtolGroup(body: AtolGroupCreateBody): Promise<AtolGroupJson> {
  return api.post('/atol-groups', body);
}

export function updateAtolGroup(id: number, body: AtolGroupPatchBody): Promise<AtolGroupJson> {
  return api.patch(`/atol-groups/${id}`, body);
}

export function deleteAtolGroup(id: number): Promise<void> {
  return api.delete(`/atol-groups/${id}`);
}
