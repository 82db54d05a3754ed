// The lifecycle's API shapes (issue 4, docs/api.md "Lifecycle"): the readiness of a register for an FN
// replacement (the FN forecast is in fn-forecast.ts, part of the register status).
import { type Static, Type } from 'typebox';
import type { FnReplacementReadiness } from '../../lifecycle/fn-replacement.ts';
import { ShiftReportSchema, shiftReportJson } from './register-status.ts';

export const FnReplacementResult = Type.Object({
  ready: Type.Boolean({ description: 'The FN may be removed: shift closed, nothing unsent to the OFD' }),
  shift_closed: Type.Boolean(),
  z_report: Type.Union([ShiftReportSchema, Type.Null()], {
    description: 'The Z-report printed by this call; null when the shift was already closed',
  }),
  ofd_unsent_count: Type.Integer(),
  message: Type.String(),
});
export type FnReplacementResultJson = Static<typeof FnReplacementResult>;

export function fnReplacementJson(readiness: FnReplacementReadiness): FnReplacementResultJson {
  return {
    ready: readiness.ready,
    shift_closed: readiness.shiftClosed,
    z_report: readiness.zReport ? shiftReportJson(readiness.zReport) : null,
    ofd_unsent_count: readiness.ofdUnsentCount,
    message: readiness.message,
  };
}
