// Sources (billing systems, payment channels) and their API tokens (docs/api.md "Sources and their API
// tokens"). A token's secret comes only in the answer to its creation.
import { api } from '../api/client.ts';
import type {
  ApiTokenJson,
  IssuedApiTokenJson,
  SourceCreateBody,
  SourceJson,
  SourcePatchBody,
} from '../api/types.ts';

export async function listSources(): Promise<SourceJson[]> {
  return (await api.get<{ items: SourceJson[] }>('/sources')).items;
}

export function getSource(id: number): Promise<SourceJson> {
  return api.get(`/sources/${id}`);
}

export function createSource(body: SourceCreateBody): Promise<SourceJson> {
  return api.post('/sources', body);
}

export function updateSource(id: number, body: SourcePatchBody): Promise<SourceJson> {
  return api.patch(`/sources/${id}`, body);
}

export function deleteSource(id: number): Promise<void> {
  return api.delete(`/sources/${id}`);
}

export async function listTokens(sourceId: number): Promise<ApiTokenJson[]> {
  return (await api.get<{ items: ApiTokenJson[] }>(`/sources/${sourceId}/tokens`)).items;
}

/** Issues a token; the answer's `token` is the secret, shown this once. */
export function createToken(sourceId: number, name: string): Promise<IssuedApiTokenJson> {
  return api.post(`/sources/${sourceId}/tokens`, { name });
}

export function revokeToken(sourceId: number, tokenId: number): Promise<ApiTokenJson> {
  return api.delete(`/sources/${sourceId}/tokens/${tokenId}`);
}
