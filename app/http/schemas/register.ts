// The API contract of register configuration (snake_case JSON). The device password is write-only:
// answers only say whether it is still the factory default.
import { type Static, Type } from 'typebox';
import { REGISTER_DRIVERS, REGISTER_PROTOCOLS, type RegisterRow } from '../../storage/register-repository.ts';
import { InnSchema, NameSchema, TimestampSchema } from './common.ts';

/** The factory operator password of Shtrih-M devices (protocol v1.17). */
export const DEFAULT_DEVICE_PASSWORD = 30;

const Driver = Type.Enum([...REGISTER_DRIVERS], { description: 'Protocol driver' });
const Host = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^[A-Za-z0-9._:-]+$',
  description: 'a host name or an IP address',
});
const Protocol = Type.Enum([...REGISTER_PROTOCOLS], {
  description: 'Shtrih lower level: v1 standard, v2 alternative (packet numbers; a retry is executed once)',
});
const Port = Type.Integer({ minimum: 1, maximum: 65535, description: 'TCP port (Shtrih: 7778)' });
const Password = Type.Integer({
  minimum: 0,
  maximum: 4294967295,
  description: 'Operator password of the device (write-only; Shtrih default 30)',
});
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  format: 'time-zone',
  description: 'IANA zone of the device clock, e.g. Europe/Moscow',
});
const CashierName = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
  description: 'a non-blank cashier name of up to 64 characters (tag 1021)',
});
const CashierInn = Type.Union([InnSchema, Type.Null()], { description: 'Cashier INN (tag 1203) or null' });

export const RegisterCreate = Type.Object(
  {
    organization_id: Type.Integer({ minimum: 1 }),
    name: NameSchema,
    driver: Type.Optional(Driver),
    host: Host,
    port: Type.Optional(Port),
    protocol: Type.Optional(Protocol),
    password: Type.Optional(Password),
    timezone: Type.Optional(TimeZone),
    electronic_only: Type.Optional(
      Type.Boolean({ description: 'Send receipts electronically, print nothing' }),
    ),
    enabled: Type.Optional(Type.Boolean()),
    cashier_name: Type.Optional(CashierName),
    cashier_inn: Type.Optional(CashierInn),
  },
  { additionalProperties: false },
);
export type RegisterCreateBody = Static<typeof RegisterCreate>;

export const RegisterPatch = Type.Object(
  {
    name: Type.Optional(NameSchema),
    host: Type.Optional(Host),
    port: Type.Optional(Port),
    protocol: Type.Optional(Protocol),
    password: Type.Optional(Password),
    timezone: Type.Optional(TimeZone),
    electronic_only: Type.Optional(Type.Boolean()),
    enabled: Type.Optional(Type.Boolean()),
    cashier_name: Type.Optional(CashierName),
    cashier_inn: Type.Optional(CashierInn),
  },
  { additionalProperties: false },
);
export type RegisterPatchBody = Static<typeof RegisterPatch>;

export const REGISTER_DEFAULTS = {
  driver: 'shtrih',
  port: 7778,
  protocol: 'v1',
  password: DEFAULT_DEVICE_PASSWORD,
  timezone: 'Europe/Moscow',
  electronicOnly: false,
  enabled: true,
  cashierName: 'Кассир',
} as const;

export const Register = Type.Object({
  id: Type.Integer(),
  organization_id: Type.Integer(),
  name: Type.String(),
  driver: Driver,
  host: Type.String(),
  port: Type.Integer(),
  protocol: Protocol,
  password_is_default: Type.Boolean({ description: 'True while the device password is the factory 30' }),
  timezone: Type.String(),
  electronic_only: Type.Boolean(),
  enabled: Type.Boolean(),
  cashier_name: Type.String(),
  cashier_inn: Type.Union([Type.String(), Type.Null()]),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type RegisterJson = Static<typeof Register>;
export const RegisterList = Type.Object({ items: Type.Array(Register) });

export function registerJson(row: RegisterRow): RegisterJson {
  return {
    id: row.id,
    organization_id: row.organizationId,
    name: row.name,
    driver: row.driver,
    host: row.host,
    port: row.port,
    protocol: row.protocol,
    password_is_default: row.password === DEFAULT_DEVICE_PASSWORD,
    timezone: row.timezone,
    electronic_only: row.electronicOnly,
    enabled: row.enabled,
    cashier_name: row.cashierName,
    cashier_inn: row.cashierInn,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
