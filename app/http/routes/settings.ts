// Box settings (issue 3): every person reads them (the UI shows the box name and counts days in its
// zone); only an admin changes them, audited with before and after.
import type { BoxSettings } from '../../settings/settings-service.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses } from '../schemas/common.ts';
import { Settings, type SettingsJson, SettingsPatch } from '../schemas/operations.ts';

const tags = ['settings'];

function settingsJson(settings: BoxSettings): SettingsJson {
  return {
    box_name: settings.boxName,
    timezone: settings.timezone,
    status_poll_seconds: settings.statusPollSeconds,
    shift_close_time: settings.shiftCloseTime,
    shift_max_hours: settings.shiftMaxHours,
  };
}

export const settingsRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary:
          'Box settings: its name, the time zone its days are counted in, the status poll and shift closing',
        response: { 200: Settings, ...errorResponses(401, 403) },
      },
    },
    async () => settingsJson(deps.settings.read()),
  );

  app.patch(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Change box settings',
        body: SettingsPatch,
        response: { 200: Settings, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const body = request.body;
      const patch: Partial<BoxSettings> = {};
      if (body.box_name !== undefined) patch.boxName = body.box_name;
      if (body.timezone !== undefined) patch.timezone = body.timezone;
      if (body.status_poll_seconds !== undefined) patch.statusPollSeconds = body.status_poll_seconds;
      if (body.shift_close_time !== undefined) patch.shiftCloseTime = body.shift_close_time;
      if (body.shift_max_hours !== undefined) patch.shiftMaxHours = body.shift_max_hours;
      const updated = deps.settings.update(patch, auditContext(request));
      return settingsJson(updated);
    },
  );
};
