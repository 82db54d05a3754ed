// The operations API the technician's screens read (docs/api.md "Operations"): the box
// settings, the dashboard (also pushed over GET /events), statistics and the connection test.
import { type Static, Type } from 'typebox';
import { LIFECYCLE_BOUNDS } from '../../settings/settings-service.ts';
import { NullableTimestamp, TimestampSchema } from './common.ts';
import { DeviceStatus } from './register-status.ts';

const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'a calendar day YYYY-MM-DD in the box time zone',
});

const BoxName = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
  description: 'a non-blank name of the box of up to 64 characters',
});
const BoxTimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  format: 'time-zone',
  description: 'IANA zone the box counts days in, e.g. Europe/Moscow',
});

// The lifecycle's settings (issue 4, app/lifecycle/): bounds from the settings service.
const StatusPollSeconds = Type.Integer({
  minimum: LIFECYCLE_BOUNDS.statusPollSeconds.min,
  maximum: LIFECYCLE_BOUNDS.statusPollSeconds.max,
  description: 'How often each register status is read, seconds',
});
const ShiftCloseTime = Type.Union([Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }), Type.Null()], {
  description: 'Daily shift close "HH:MM" in each register time zone; null: none',
});
const ShiftMaxHours = Type.Number({
  minimum: LIFECYCLE_BOUNDS.shiftMaxHours.min,
  maximum: LIFECYCLE_BOUNDS.shiftMaxHours.max,
  description: 'A shift this old is closed whatever the time (the FN allows 24 hours)',
});

export const Settings = Type.Object({
  box_name: BoxName,
  timezone: BoxTimeZone,
  status_poll_seconds: StatusPollSeconds,
  shift_close_time: ShiftCloseTime,
  shift_max_hours: ShiftMaxHours,
});
export type SettingsJson = Static<typeof Settings>;

export const SettingsPatch = Type.Object(
  {
    box_name: Type.Optional(BoxName),
    timezone: Type.Optional(BoxTimeZone),
    status_poll_seconds: Type.Optional(StatusPollSeconds),
    shift_close_time: Type.Optional(ShiftCloseTime),
    shift_max_hours: Type.Optional(ShiftMaxHours),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SettingsPatchBody = Static<typeof SettingsPatch>;

export const DashboardRegister = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  organization_id: Type.Integer(),
  enabled: Type.Boolean(),
  online: Type.Boolean(),
  last_error: NullableString,
  read_at: NullableTimestamp,
  shift_state: Type.Union([Type.Enum(['closed', 'open', 'expired']), Type.Null()]),
  shift_opened_at: NullableTimestamp,
  fn_valid_until: Type.Union([Type.String({ description: 'YYYY-MM-DD' }), Type.Null()]),
  fn_days_left: Type.Union([Type.Integer({ description: 'Whole days until fn_valid_until' }), Type.Null()]),
  fn_fill_percent: Type.Union([
    Type.Number({ description: 'Used share of the FN documents, 0–100' }),
    Type.Null(),
  ]),
  fn_free_documents: NullableInteger,
  ofd_unsent_count: NullableInteger,
  ofd_oldest_unsent_at: Type.Union([
    Type.String({ description: 'The oldest document the OFD has not confirmed, ISO-8601 UTC' }),
    Type.Null(),
  ]),
  paper: Type.Union([Type.Enum(['present', 'out', 'out_waiting_continue']), Type.Null()]),
  receipts_today: Type.Integer(),
  clock_drift_seconds: Type.Union([
    Type.Integer({ description: 'Device clock minus box clock at the last status poll, seconds' }),
    Type.Null(),
  ]),
  fn_replace_by: Type.Union([
    Type.String({ description: 'YYYY-MM-DD: replace the FN by then (FN forecast, issue 4)' }),
    Type.Null(),
  ]),
});
export type DashboardRegisterJson = Static<typeof DashboardRegister>;

export const Dashboard = Type.Object({
  generated_at: TimestampSchema,
  timezone: Type.String(),
  registers: Type.Array(DashboardRegister),
  queue: Type.Object({
    pending: Type.Integer(),
    sending: Type.Integer(),
    outcome_unknown: Type.Integer(),
    failed: Type.Integer(),
    oldest_pending_at: NullableTimestamp,
  }),
  receipts_today: Type.Object({ count: Type.Integer(), sum_kopecks: Type.Integer() }),
  alerts: Type.Object(
    { critical: Type.Integer(), warning: Type.Integer() },
    { description: 'Active alerts by severity (docs/api.md "Alerts")' },
  ),
});
export type DashboardJson = Static<typeof Dashboard>;

export const ReceiptsPerDayQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });
export const ReceiptsPerDay = Type.Object({
  items: Type.Array(
    Type.Object({
      day: Type.String(),
      register_id: Type.Integer(),
      count: Type.Integer(),
      sum_kopecks: Type.Integer(),
    }),
  ),
});
export type ReceiptsPerDayJson = Static<typeof ReceiptsPerDay>;

export const FnFillQuery = Type.Object(
  { register_id: Type.Optional(Type.Integer({ minimum: 1 })), from: Day, to: Day },
  { additionalProperties: false },
);
export const FnFill = Type.Object({
  items: Type.Array(
    Type.Object({
      register_id: Type.Integer(),
      at: TimestampSchema,
      fn_number: Type.String(),
      fill_percent: Type.Union([Type.Number(), Type.Null()]),
      free_documents: NullableInteger,
      last_fd_number: Type.Integer(),
    }),
  ),
});
export type FnFillJson = Static<typeof FnFill>;

export const TestConnectionBody = Type.Object(
  {
    driver: Type.Enum(['shtrih'], { description: 'Protocol driver' }),
    host: Type.String({
      minLength: 1,
      maxLength: 253,
      pattern: '^[A-Za-z0-9._:-]+$',
      description: 'a host name or an IP address',
    }),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'TCP port (Shtrih: 7778)' }),
    protocol: Type.Enum(['v1', 'v2']),
    password: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
  },
  { additionalProperties: false },
);
export type TestConnectionBodyJson = Static<typeof TestConnectionBody>;

export const TestConnectionResult = Type.Union([
  Type.Object({ ok: Type.Literal(true), device: DeviceStatus }),
  Type.Object({
    ok: Type.Literal(false),
    error: Type.Object({
      code: Type.String({ description: 'The driver failure kind, e.g. device_unreachable' }),
      message: Type.String(),
    }),
  }),
]);
export type TestConnectionJson = Static<typeof TestConnectionResult>;
