// The API contract of notification channels and the delivery log (docs/api.md "Notifications").
// A channel's routes travel inside it. `config` is checked against its kind's schema by the service
// (after secrets left out or sent as "***" were filled in from the stored channel), so the body schema
// only says "an object"; the per-kind shapes are exported for the UI.
import { type Static, Type } from 'typebox';
import { ALERT_RULES } from '../../alerts/alert-types.ts';
import { CHANNEL_KINDS } from '../../notifications/channel-config.ts';
import type {
  EmailConfigSchema,
  SmsConfigSchema,
  TelegramConfigSchema,
  WebhookConfigSchema,
} from '../../notifications/channel-schemas.ts';
import type { ChannelView, TestOutcome } from '../../notifications/channel-service.ts';
import { DELIVERY_STATES, type DeliveryRow } from '../../storage/notification-repository.ts';
import { AlertSchema, alertJson } from './alerts.ts';
import { NameSchema, NullableTimestamp, TimestampSchema } from './common.ts';

export type EmailChannelConfigJson = Static<typeof EmailConfigSchema>;
export type TelegramChannelConfigJson = Static<typeof TelegramConfigSchema>;
export type WebhookChannelConfigJson = Static<typeof WebhookConfigSchema>;
export type SmsChannelConfigJson = Static<typeof SmsConfigSchema>;

const Kind = Type.Enum([...CHANNEL_KINDS], { description: 'How the channel reaches people' });
const Severity = Type.Enum(['warning', 'critical']);
const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, local time',
});

const Config = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'The kind\'s settings (docs/api.md "Notifications"). Secrets read "***"; send "***" or leave one out to keep it.',
});

const QuietHours = Type.Union(
  [
    Type.Object(
      {
        start: ClockTime,
        end: ClockTime,
        timezone: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
          description: 'IANA zone; null: the box time zone (settings)',
        }),
      },
      { additionalProperties: false },
    ),
    Type.Null(),
  ],
  { description: 'Deliveries in this window wait until it ends; null: no quiet hours' },
);

const Route = Type.Object(
  {
    rule: Type.Enum(['*', ...ALERT_RULES], { description: 'An alert rule, or * for every rule' }),
    min_severity: Severity,
  },
  { additionalProperties: false },
);

export const NotificationChannelCreate = Type.Object(
  {
    kind: Kind,
    name: NameSchema,
    config: Config,
    enabled: Type.Optional(Type.Boolean({ default: true })),
    quiet_hours: Type.Optional(QuietHours),
    critical_bypasses_quiet: Type.Optional(
      Type.Boolean({ description: 'Critical alerts ignore quiet hours' }),
    ),
    routes: Type.Optional(
      Type.Array(Route, {
        maxItems: 50,
        description: 'Which alerts the channel wants; default: every rule from warning',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NotificationChannelCreateJson = Static<typeof NotificationChannelCreate>;

export const NotificationChannelPatch = Type.Partial(NotificationChannelCreate, {
  additionalProperties: false,
});
export type NotificationChannelPatchJson = Static<typeof NotificationChannelPatch>;

export const NotificationChannel = Type.Object({
  id: Type.Integer(),
  kind: Kind,
  name: Type.String(),
  enabled: Type.Boolean(),
  config: Config,
  quiet_hours: QuietHours,
  critical_bypasses_quiet: Type.Boolean(),
  routes: Type.Array(Route),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type NotificationChannelJson = Static<typeof NotificationChannel>;
export const NotificationChannelList = Type.Object({ items: Type.Array(NotificationChannel) });
export type NotificationChannelListJson = Static<typeof NotificationChannelList>;

// The alert as it was when the event happened (null for a test message): the same shape as GET /alerts.
const AlertSnapshot = Type.Union([AlertSchema, Type.Null()]);

export const Notification = Type.Object({
  id: Type.Integer(),
  channel_id: Type.Integer(),
  channel_name: Type.String(),
  alert_id: Type.Union([Type.Integer(), Type.Null()]),
  event_kind: Type.Enum(['raised', 'escalated', 'cleared', 'test'], {
    description: 'escalated: the severity went up; test: «Отправить тест»',
  }),
  alert: AlertSnapshot,
  state: Type.Enum([...DELIVERY_STATES]),
  attempts: Type.Integer(),
  next_at: TimestampSchema,
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_attempt_at: NullableTimestamp,
  created_at: TimestampSchema,
  sent_at: NullableTimestamp,
});
export type NotificationJson = Static<typeof Notification>;
export const NotificationList = Type.Object({ items: Type.Array(Notification) });
export type NotificationListJson = Static<typeof NotificationList>;

export const NotificationQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum([...DELIVERY_STATES])),
    channel_id: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    before_id: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Page on: only deliveries older than this id' }),
    ),
  },
  { additionalProperties: false },
);

export const NotificationTestResult = Type.Object({
  ok: Type.Boolean(),
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the message did not go, secrets masked',
  }),
  notification: Notification,
});
export type NotificationTestResultJson = Static<typeof NotificationTestResult>;

export function notificationChannelJson(view: ChannelView): NotificationChannelJson {
  return {
    id: view.id,
    kind: view.kind,
    name: view.name,
    enabled: view.enabled,
    config: view.config,
    quiet_hours: view.quietHours,
    critical_bypasses_quiet: view.criticalBypassesQuiet,
    routes: view.routes.map((route) => ({
      rule: route.rule as NotificationChannelJson['routes'][number]['rule'],
      min_severity: route.minSeverity,
    })),
    created_at: view.createdAt,
    updated_at: view.updatedAt,
  };
}

export function notificationJson(row: DeliveryRow): NotificationJson {
  const alert = row.alert;
  return {
    id: row.id,
    channel_id: row.channelId,
    channel_name: row.channelName,
    alert_id: row.alertId,
    event_kind: row.eventKind,
    alert: alert === null ? null : alertJson(alert),
    state: row.state,
    attempts: row.attempts,
    next_at: row.nextAt,
    last_error: row.lastError,
    last_attempt_at: row.lastAttemptAt,
    created_at: row.createdAt,
    sent_at: row.sentAt,
  };
}

export function notificationTestJson(outcome: TestOutcome): NotificationTestResultJson {
  return { ok: outcome.ok, error: outcome.error, notification: notificationJson(outcome.notification) };
}
