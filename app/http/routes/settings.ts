// Box settings (issue 3): every person reads them (the UI shows the box name and counts days in its
// zone); only an admin changes them, audited with before and after.
import type { BoxSettings } from '../../settings/settings-service.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses } from '../schemas/common.ts';
import { Settings, type SettingsJson, SettingsPatch } from '../schemas/operations.ts';

const tags = ['settings'];

function settingsJson(settings: BoxSettings): SettingsJson {
  return { box_name: settings.boxName, timezone: settings.timezone };
}

export const settingsRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Box settings: its name and the time zone its days are counted in',
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
      const { box_name: boxName, timezone } = request.body;
      const updated = deps.settings.update(
        { ...(boxName === undefined ? {} : { boxName }), ...(timezone === undefined ? {} : { timezone }) },
        auditContext(request),
      );
      return settingsJson(updated);
    },
  );
};
