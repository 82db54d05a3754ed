// Alerts as the API shows them (docs/api.md "Alerts"): snake_case of app/alerts/alert-types.ts Alert,
// the history of one alert, and the thresholds the rules compare against.
import { type Static, type TSchema, Type } from 'typebox';
import type { AlertThresholds } from '../../alerts/alert-thresholds.ts';
import {
  DEFAULT_ALERT_THRESHOLDS,
  snakeOf,
  THRESHOLD_KEYS,
  THRESHOLD_MAX,
} from '../../alerts/alert-thresholds.ts';
import { ALERT_RULES, type Alert } from '../../alerts/alert-types.ts';
import type { AlertEventRow } from '../../storage/alert-repository.ts';
import { NullableTimestamp, TimestampSchema } from './common.ts';

const Severity = Type.Enum(['warning', 'critical']);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const AlertSchema = Type.Object({
  id: Type.Integer(),
  rule: Type.Enum([...ALERT_RULES], { description: 'Which rule found the condition (docs/api.md "Alerts")' }),
  subject: Type.String({ description: '`box`, or `register:<id>` for one register' }),
  register_id: Type.Union([Type.Integer(), Type.Null()]),
  severity: Severity,
  message: Type.String({ description: 'For people, in Russian' }),
  value: Type.Union([
    Type.Number({ description: 'The figure behind the condition (days, %, minutes…)' }),
    Type.Null(),
  ]),
  state: Type.Enum(['active', 'cleared']),
  raised_at: TimestampSchema,
  updated_at: TimestampSchema,
  cleared_at: NullableTimestamp,
  acknowledged_at: NullableTimestamp,
  acknowledged_by: NullableString,
});
export type AlertJson = Static<typeof AlertSchema>;

export const AlertEventSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(['raised', 'updated', 'cleared', 'acknowledged']),
  at: TimestampSchema,
  severity: Severity,
  message: Type.String(),
  value: NullableNumber,
  by: Type.Union([Type.String({ description: 'Who acknowledged' }), Type.Null()]),
  comment: NullableString,
});
export type AlertEventJson = Static<typeof AlertEventSchema>;

export const AlertDetail = Type.Intersect([
  AlertSchema,
  Type.Object({ events: Type.Array(AlertEventSchema, { description: 'The history, oldest first' }) }),
]);
export type AlertDetailJson = Static<typeof AlertDetail>;

export const AlertList = Type.Object({ items: Type.Array(AlertSchema) });
export type AlertListJson = Static<typeof AlertList>;

export const AlertListQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(['active', 'cleared', 'all'], { default: 'active' })),
    register_id: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    before_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Next page: ids below this one' })),
  },
  { additionalProperties: false },
);

export const AcknowledgeBody = Type.Object(
  { comment: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type AcknowledgeAlertBody = Static<typeof AcknowledgeBody>;

function thresholdProperties(optional: boolean): Record<string, TSchema> {
  const properties: Record<string, TSchema> = {};
  for (const key of THRESHOLD_KEYS) {
    // The default is only described: as a schema `default` the validator would fill every key a PATCH
    // left out, and reset it.
    const field = Type.Number({
      minimum: 0,
      maximum: THRESHOLD_MAX[key],
      description: `default ${DEFAULT_ALERT_THRESHOLDS[key]}`,
    });
    properties[snakeOf(key)] = optional ? Type.Optional(field) : field;
  }
  return properties;
}

export const AlertThresholdsSchema = Type.Object(thresholdProperties(false));
export const AlertThresholdsPatch = Type.Object(thresholdProperties(true), { additionalProperties: false });

/** Every threshold by its snake_case name (docs/api.md "Alerts" lists them). */
export type AlertThresholdsJson = Record<SnakeCase<keyof AlertThresholds>, number>;
export type AlertThresholdsPatchBody = Partial<AlertThresholdsJson>;

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Uppercase<Head> ? (Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`) : Head}${SnakeCase<Tail>}`
  : S;

export function alertJson(alert: Alert): AlertJson {
  return {
    id: alert.id,
    rule: alert.rule,
    subject: alert.subject,
    register_id: alert.registerId,
    severity: alert.severity,
    message: alert.message,
    value: alert.value,
    state: alert.state,
    raised_at: alert.raisedAt,
    updated_at: alert.updatedAt,
    cleared_at: alert.clearedAt,
    acknowledged_at: alert.acknowledgedAt,
    acknowledged_by: alert.acknowledgedBy,
  };
}

export function alertEventJson(event: AlertEventRow): AlertEventJson {
  return {
    id: event.id,
    kind: event.kind,
    at: event.at,
    severity: event.severity,
    message: event.message,
    value: event.value,
    by: event.by,
    comment: event.comment,
  };
}

export function thresholdsJson(thresholds: AlertThresholds): AlertThresholdsJson {
  const json: Record<string, number> = {};
  for (const key of THRESHOLD_KEYS) json[snakeOf(key)] = thresholds[key];
  return json as AlertThresholdsJson;
}

export function thresholdsPatch(body: AlertThresholdsPatchBody): Partial<AlertThresholds> {
  const patch: Partial<AlertThresholds> = {};
  const given = body as Record<string, number | undefined>;
  for (const key of THRESHOLD_KEYS) {
    const value = given[snakeOf(key)];
    if (value !== undefined) patch[key] = value;
  }
  return patch;
}
