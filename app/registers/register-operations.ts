// Technician actions on a register's device (issue "Core": shifts open/close, X-report, live status).
// Each runs in the register's exclusive session, between the worker's receipts, never beside them.
import type { FiscalRegistrar, RegistrarStatus, ShiftReport } from '../../drivers/fiscal-registrar.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { RegisterWorker } from '../pipeline/register-worker.ts';
import { closeShift, openShift } from '../pipeline/shift-policy.ts';
import { cashierOf, type WorkerContext } from '../pipeline/worker-context.ts';

export class RegisterUnavailableError extends Error {
  constructor(registerId: number) {
    super(`Register ${registerId} is not running (disabled or unknown)`);
    this.name = 'RegisterUnavailableError';
  }
}

/**
 * The dashboard shows the shift state from the last status read: read it again right after the shift
 * changed. The shift document is already in the FN, so a failed read must not turn into a failed action.
 */
async function recordStatusQuietly(ctx: WorkerContext, registrar: FiscalRegistrar): Promise<void> {
  try {
    ctx.registerStates.recordStatus(ctx.register.id, await registrar.status(), ctx.now().toISOString());
  } catch {
    // The worker's next poll records the state, or the device as offline.
  }
}

export class RegisterOperations {
  private readonly pipeline: Pipeline;

  constructor(pipeline: Pipeline) {
    this.pipeline = pipeline;
  }

  private worker(registerId: number): RegisterWorker {
    const worker = this.pipeline.worker(registerId);
    if (!worker) throw new RegisterUnavailableError(registerId);
    return worker;
  }

  /** Reads the device now and stores the snapshot. */
  async liveStatus(registerId: number): Promise<RegistrarStatus> {
    const { ctx } = this.worker(registerId);
    const status = await ctx.session.exclusive((registrar) => registrar.status());
    ctx.registerStates.recordStatus(registerId, status, ctx.now().toISOString());
    return status;
  }

  async openShift(registerId: number): Promise<ShiftReport> {
    const { ctx } = this.worker(registerId);
    const report = await ctx.session.exclusive(async (registrar) => {
      const opened = await openShift(ctx, registrar, await registrar.status());
      await recordStatusQuietly(ctx, registrar);
      return opened;
    });
    ctx.events.emit('shift');
    return report;
  }

  async closeShift(registerId: number): Promise<ShiftReport> {
    const { ctx } = this.worker(registerId);
    const report = await ctx.session.exclusive(async (registrar) => {
      const closed = await closeShift(ctx, registrar, await registrar.status());
      await recordStatusQuietly(ctx, registrar);
      return closed;
    });
    ctx.events.emit('shift');
    return report;
  }

  async xReport(registerId: number): Promise<void> {
    const { ctx } = this.worker(registerId);
    await ctx.session.exclusive((registrar) => registrar.xReport(cashierOf(ctx.register)));
  }
}
