// The dashboard snapshot and the box settings it is shown with (docs/api.md "Operations").
import { api } from '../api/client.ts';
import type { DashboardJson, SettingsJson } from '../api/types.ts';

export function getDashboard(): Promise<DashboardJson> {
  return api.get('/dashboard');
}

export function getSettings(): Promise<SettingsJson> {
  return api.get('/settings');
}

/** The server-sent event stream; `event: dashboard` carries a DashboardJson. */
export const DASHBOARD_EVENTS_URL = '/api/v1/events';
