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
  let status = await registrar.status();
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
  return status;
}

export async function openShift(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
  status: RegistrarStatus,
): Promise<ShiftReport> {
  const report = await registrar.openShift(cashierOf(ctx.register));
  ctx.shifts.recordOpened({
    registerId: ctx.register.id,
    fnNumber: status.fn.number,
    number: report.shiftNumber,
    openedAt: deviceLocalToUtc(report.deviceTime, ctx.register.timezone).toISOString(),
    fdNumber: report.fdNumber,
  });
  ctx.logger.info(
    { register: ctx.register.name, shift: report.shiftNumber, fd: report.fdNumber },
    'shift opened',
  );
  return report;
}

export async function closeShift(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
  status: RegistrarStatus,
): Promise<ShiftReport> {
  const report = await registrar.closeShift(cashierOf(ctx.register));
  ctx.shifts.recordClosed({
    registerId: ctx.register.id,
    fnNumber: status.fn.number,
    number: report.shiftNumber,
    closedAt: deviceLocalToUtc(report.deviceTime, ctx.register.timezone).toISOString(),
    fdNumber: report.fdNumber,
  });
  ctx.logger.info(
    { register: ctx.register.name, shift: report.shiftNumber, fd: report.fdNumber },
    'shift closed (Z-report)',
  );
  return report;
}
