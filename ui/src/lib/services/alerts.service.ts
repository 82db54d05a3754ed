// Alerts (docs/api.md "Alerts"): the active ones and the history, one alert with its events, and the
// acknowledgement (admin, technician; audited, with an optional comment).
import { api } from '../api/client.ts';
import type { AlertDetailJson, AlertJson, AlertListJson, AlertThresholdsJson } from '../api/types.ts';

export type AlertState = 'active' | 'cleared' | 'all';

export function listAlerts(filter: {
  state: AlertState;
  register_id?: number;
  limit?: number;
  before_id?: number;
}): Promise<AlertListJson> {
  return api.get('/alerts', filter);
}

export function getAlert(id: number): Promise<AlertDetailJson> {
  return api.get(`/alerts/${id}`);
}

export function acknowledgeAlert(id: number, comment: string | null): Promise<AlertJson> {
  return api.post(`/alerts/${id}/acknowledge`, comment ? { comment } : {});
}

/** Every threshold (snake_case → figure), defaults filled in. */
export function getAlertThresholds(): Promise<AlertThresholdsJson> {
  return api.get('/alert-thresholds');
}

/** Changes some thresholds (admin; audited); answers with all of them. */
export function updateAlertThresholds(patch: Partial<AlertThresholdsJson>): Promise<AlertThresholdsJson> {
  return api.patch('/alert-thresholds', patch);
}
