// Monitoring tokens (docs/api.md "Monitoring"): bearer tokens `kbm_…` that let Prometheus (or any
// scraper) read GET /metrics without a person's session. The secret comes only in the creation answer.
import { api } from '../api/client.ts';
import type { IssuedMonitoringTokenJson, MonitoringTokenJson } from '../api/types.ts';

export async function listMonitoringTokens(): Promise<MonitoringTokenJson[]> {
  return (await api.get<{ items: MonitoringTokenJson[] }>('/monitoring-tokens')).items;
}

export function createMonitoringToken(name: string): Promise<IssuedMonitoringTokenJson> {
  return api.post('/monitoring-tokens', { name });
}

export function revokeMonitoringToken(id: number): Promise<MonitoringTokenJson> {
  return api.delete(`/monitoring-tokens/${id}`);
}
