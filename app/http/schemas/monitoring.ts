// The API contract of monitoring tokens (snake_case JSON; docs/api.md "Monitoring tokens").
import { type Static, Type } from 'typebox';
import type { MonitoringTokenRow } from '../../storage/monitoring-token-repository.ts';
import { NullableTimestamp, TimestampSchema } from './common.ts';

export const MonitoringTokenCreate = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '\\S',
      description: 'a non-blank label, e.g. the scraper: "prometheus noc"',
    }),
  },
  { additionalProperties: false },
);
export type MonitoringTokenCreateBody = Static<typeof MonitoringTokenCreate>;

export const MonitoringToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token (kbm_…), to recognise it' }),
  created_by_user_id: Type.Union([Type.Integer(), Type.Null()]),
  created_at: TimestampSchema,
  last_used_at: Type.Union([TimestampSchema, Type.Null()], {
    description: 'The last scrape with it, to the minute',
  }),
  revoked_at: NullableTimestamp,
});
export type MonitoringTokenJson = Static<typeof MonitoringToken>;
export const MonitoringTokenList = Type.Object({ items: Type.Array(MonitoringToken) });

export const IssuedMonitoringToken = Type.Object({
  ...MonitoringToken.properties,
  token: Type.String({ description: 'The secret: shown only in this answer, put it in the scraper now' }),
});
export type IssuedMonitoringTokenJson = Static<typeof IssuedMonitoringToken>;

export function monitoringTokenJson(row: MonitoringTokenRow): MonitoringTokenJson {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_by_user_id: row.createdByUserId,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
  };
}
