// The live state of a register's device, as the API shows it (snake_case).
import { type Static, Type } from 'typebox';
import type { RegistrarStatus, ShiftReport } from '../../../drivers/fiscal-registrar.ts';
import type { ShiftRow } from '../../storage/shift-repository.ts';
import { NullableTimestamp } from './common.ts';
import { FnForecastSchema } from './fn-forecast.ts';

export const DeviceStatus = Type.Object({
  serial_number: Type.String(),
  model: Type.String(),
  shift_state: Type.Enum(['closed', 'open', 'expired']),
  shift_number: Type.Integer(),
  document_open: Type.Boolean(),
  paper: Type.Enum(['present', 'out', 'out_waiting_continue']),
  device_clock: Type.String({ description: 'Local time of the device' }),
  fn_number: Type.String(),
  fn_last_fd_number: Type.Integer(),
  fn_valid_until: Type.String(),
  fn_warnings: Type.Array(Type.String()),
  fn_free_documents: Type.Union([Type.Integer(), Type.Null()]),
  ofd_unsent_count: Type.Integer(),
  ofd_oldest_unsent_time: Type.Union([Type.String(), Type.Null()]),
});
export type DeviceStatusJson = Static<typeof DeviceStatus>;

export const RegisterStatus = Type.Object({
  register_id: Type.Integer(),
  online: Type.Boolean(),
  read_at: NullableTimestamp,
  last_error: Type.Union([Type.String(), Type.Null()]),
  device: Type.Union([DeviceStatus, Type.Null()]),
  clock_drift_seconds: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Device clock minus box clock at the last scheduled status poll, seconds',
  }),
  fn_forecast: Type.Union([FnForecastSchema, Type.Null()]),
});
export type RegisterStatusJson = Static<typeof RegisterStatus>;

export const ShiftReportSchema = Type.Object({
  shift_number: Type.Integer(),
  fd_number: Type.Integer(),
  fiscal_sign: Type.String(),
  device_time: Type.String(),
});

export const ShiftList = Type.Object({
  items: Type.Array(
    Type.Object({
      fn_number: Type.String(),
      number: Type.Integer(),
      opened_at: NullableTimestamp,
      open_fd_number: Type.Union([Type.Integer(), Type.Null()]),
      closed_at: NullableTimestamp,
      close_fd_number: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
export type ShiftListJson = Static<typeof ShiftList>;
export type ShiftReportJson = Static<typeof ShiftReportSchema>;

export function deviceStatusJson(status: RegistrarStatus): DeviceStatusJson {
  return {
    serial_number: status.serialNumber,
    model: status.model,
    shift_state: status.shift.state,
    shift_number: status.shift.number,
    document_open: status.documentOpen,
    paper: status.paper,
    device_clock: status.deviceClock,
    fn_number: status.fn.number,
    fn_last_fd_number: status.fn.lastFdNumber,
    fn_valid_until: status.fn.validUntil,
    fn_warnings: Object.entries(status.fn.warnings)
      .filter(([, raised]) => raised)
      .map(([name]) => name),
    fn_free_documents: status.fn.freeDocuments ?? null,
    ofd_unsent_count: status.ofd.unsentCount,
    ofd_oldest_unsent_time: status.ofd.oldestUnsentTime ?? null,
  };
}

export function shiftReportJson(report: ShiftReport): Static<typeof ShiftReportSchema> {
  return {
    shift_number: report.shiftNumber,
    fd_number: report.fdNumber,
    fiscal_sign: report.fiscalSign,
    device_time: report.deviceTime,
  };
}

export function shiftJson(row: ShiftRow): Static<typeof ShiftList>['items'][number] {
  return {
    fn_number: row.fnNumber,
    number: row.number,
    opened_at: row.openedAt,
    open_fd_number: row.openFdNumber,
    closed_at: row.closedAt,
    close_fd_number: row.closeFdNumber,
  };
}
