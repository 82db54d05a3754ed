// Notification channels (with their routes and quiet hours), "send test", and the delivery log
// (docs/api.md "Notifications"). Admin only: channels hold SMTP passwords and bot tokens, and the log
// tells where alerts go. The rules (secrets, validation, audit) are in ChannelService.
import { Type } from 'typebox';
import type { ChannelInput } from '../../notifications/channel-service.ts';
import { DEFAULT_ROUTES } from '../../notifications/channel-service.ts';
import type { ChannelRoute } from '../../storage/notification-channel-repository.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  NotificationChannel,
  NotificationChannelCreate,
  NotificationChannelList,
  NotificationChannelPatch,
  type NotificationChannelPatchJson,
  NotificationList,
  NotificationQuery,
  NotificationTestResult,
  notificationChannelJson,
  notificationJson,
  notificationTestJson,
} from '../schemas/notifications.ts';

const tags = ['notifications'];

function routesOf(routes: { rule: string; min_severity: 'warning' | 'critical' }[]): ChannelRoute[] {
  return routes.map((route) => ({ rule: route.rule, minSeverity: route.min_severity }));
}

function patchOf(body: NotificationChannelPatchJson): Partial<ChannelInput> {
  const patch: Partial<ChannelInput> = {};
  if (body.kind !== undefined) patch.kind = body.kind;
  if (body.name !== undefined) patch.name = body.name;
  if (body.config !== undefined) patch.config = body.config;
  if (body.enabled !== undefined) patch.enabled = body.enabled;
  if (body.quiet_hours !== undefined) patch.quietHours = body.quiet_hours;
  if (body.critical_bypasses_quiet !== undefined) patch.criticalBypassesQuiet = body.critical_bypasses_quiet;
  if (body.routes !== undefined) patch.routes = routesOf(body.routes);
  return patch;
}

export const notificationRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.notifications.channels;

  app.get(
    '/notification-channels',
    {
      schema: {
        tags,
        summary: 'List notification channels (secrets masked)',
        response: { 200: NotificationChannelList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: service.list().map(notificationChannelJson) }),
  );

  app.get(
    '/notification-channels/:id',
    {
      schema: {
        tags,
        summary: 'Get a notification channel (secrets masked)',
        params: IdParams,
        response: { 200: NotificationChannel, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => notificationChannelJson(service.get(request.params.id)),
  );

  app.post(
    '/notification-channels',
    {
      schema: {
        tags,
        summary: 'Create a notification channel',
        body: NotificationChannelCreate,
        response: { 201: NotificationChannel, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const input: ChannelInput = {
        kind: body.kind,
        name: body.name,
        config: body.config,
        enabled: body.enabled ?? true,
        quietHours: body.quiet_hours ?? null,
        criticalBypassesQuiet: body.critical_bypasses_quiet ?? true,
        routes: body.routes === undefined ? [...DEFAULT_ROUTES] : routesOf(body.routes),
      };
      const created = service.create(input, auditContext(request));
      return reply.status(201).send(notificationChannelJson(created));
    },
  );

  app.patch(
    '/notification-channels/:id',
    {
      schema: {
        tags,
        summary: 'Change a notification channel (only the fields sent; config as a whole)',
        params: IdParams,
        body: NotificationChannelPatch,
        response: { 200: NotificationChannel, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      notificationChannelJson(
        service.update(request.params.id, patchOf(request.body), auditContext(request)),
      ),
  );

  app.delete(
    '/notification-channels/:id',
    {
      schema: {
        tags,
        summary: 'Remove a notification channel with its routes and delivery log',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      service.remove(request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/notification-channels/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a test message through the channel now and answer the outcome',
        params: IdParams,
        response: { 200: NotificationTestResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => notificationTestJson(await service.sendTest(request.params.id, auditContext(request))),
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first',
        querystring: NotificationQuery,
        response: { 200: NotificationList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { state, channel_id, limit, before_id } = request.query;
      const rows = service.deliveries({
        limit: limit ?? 100,
        ...(state === undefined ? {} : { state }),
        ...(channel_id === undefined ? {} : { channelId: channel_id }),
        ...(before_id === undefined ? {} : { beforeId: before_id }),
      });
      return { items: rows.map(notificationJson) };
    },
  );
};
