// Billing connections: how the box reaches a billing (docs/api.md "Integrations"). Secrets are
// write-only: the answer names only which are set (`secrets_set`); a secret sent replaces the stored one.
import { api } from '../api/client.ts';
import type {
  BillingCheckAnswerJson,
  BillingConnectionCreateBody,
  BillingConnectionJson,
  BillingConnectionListJson,
  BillingConnectionPatchBody,
} from '../api/types.ts';

export async function listBillingConnections(): Promise<BillingConnectionJson[]> {
  return (await api.get<BillingConnectionListJson>('/billing-connections')).items;
}

export function createBillingConnection(body: BillingConnectionCreateBody): Promise<BillingConnectionJson> {
  return api.post('/billing-connections', body);
}

export function updateBillingConnection(
  id: number,
  body: BillingConnectionPatchBody,
): Promise<BillingConnectionJson> {
  return api.patch(`/billing-connections/${id}`, body);
}

export function deleteBillingConnection(id: number): Promise<void> {
  return api.delete(`/billing-connections/${id}`);
}

/** Asks the billing about an account; a billing that fails answers `ok: false` with its message. */
export function checkBillingAccount(id: number, account: string): Promise<BillingCheckAnswerJson> {
  return api.post(`/billing-connections/${id}/check`, { account });
}
