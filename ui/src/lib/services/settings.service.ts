// The box settings: its name and the time zone days are counted in (docs/api.md "Operations").
// Reading is in dashboard.service.ts (the session loads it at start); changing is here.
import { api } from '../api/client.ts';
import type { SettingsJson, SettingsPatchBody } from '../api/types.ts';

export { getSettings } from './dashboard.service.ts';

export function updateSettings(body: SettingsPatchBody): Promise<SettingsJson> {
  return api.patch('/settings', body);
}
