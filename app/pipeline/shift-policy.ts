// Gets the device ready for a receipt (ARCHITECTURE §3 "Shifts"): a receipt left open by an earlier
// interrupted attempt is cancelled, interrupted printing is continued, an expired (≥ 24 h) shift is
// closed with a Z-report, and a closed shift is opened. Runs inside the register's exclusive session.
import type { FiscalRegistrar, RegistrarStatus, ShiftReport } from '../../drivers/fiscal-registrar.ts';
import { deviceLocalToUtc } from '../domain/device-time.ts';
import { cashierOf, type WorkerContext } from './worker-context.ts';

export async function prepareForReceipt(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
): Promise<RegistrarStatus> {
  const first = await registrar.status();
  let status = first;
  if (status.documentOpen) {
    ctx.logger.warn('cancelling a document left open on the device');
    await registrar.cancelOpenDocument();
    status = await registrar.status();
  }
  if (status.paper === 'out_waiting_continue') {
    await registrar.continuePrinting();
    status = await registrar.status();
  }
  if (status.shift.state === 'expired') {
    await closeShift(ctx, registrar, status);
    status = await registrar.status();
  }
  if (status.shift.state === 'closed') {
    await openShift(ctx, registrar, status);
    status = await registrar.status();
  }
  // A changed device (shift opened or closed, document cancelled) is shown at once on the dashboard;
  // an unchanged one is not written again, so a receipt costs no extra commit.
  if (status !== first) ctx.registerStates.recordStatus(ctx.register.id, status, ctx.now().toISOString());
  return status;
}

export function openShift(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
  status: RegistrarStatus,
): Promise<ShiftReport> {
  return runShiftDocument(ctx, registrar, status, 'open');
}

export function closeShift(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
  status: RegistrarStatus,
): Promise<ShiftReport> {
  return runShiftDocument(ctx, registrar, status, 'close');
}

/** Opens or closes the shift on the device and records the FN's document for it (UTC, from device time). */
async function runShiftDocument(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
  status: RegistrarStatus,
  action: 'open' | 'close',
): Promise<ShiftReport> {
  const cashier = cashierOf(ctx.register);
  const report = action === 'open' ? await registrar.openShift(cashier) : await registrar.closeShift(cashier);
  const shift = {
    registerId: ctx.register.id,
    fnNumber: status.fn.number,
    number: report.shiftNumber,
    at: deviceLocalToUtc(report.deviceTime, ctx.register.timezone).toISOString(),
    fdNumber: report.fdNumber,
  };
  if (action === 'open') ctx.shifts.recordOpened(shift);
  else ctx.shifts.recordClosed(shift);
  ctx.logger.info(
    { shift: report.shiftNumber, fd: report.fdNumber },
    action === 'open' ? 'shift opened' : 'shift closed (Z-report)',
  );
  return report;
}
