// Technician actions on a register's device (issue "Core": shifts open/close, X-report, live status).
// Each runs in the register's exclusive session, between the worker's receipts, never beside them.
import type { RegistrarStatus, ShiftReport } from '../../drivers/fiscal-registrar.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { RegisterWorker } from '../pipeline/register-worker.ts';
import { closeShift, openShift } from '../pipeline/shift-policy.ts';
import { cashierOf } from '../pipeline/worker-context.ts';

export class RegisterUnavailableError extends Error {
  constructor(registerId: number) {
    super(`Register ${registerId} is not running (disabled or unknown)`);
    this.name = 'RegisterUnavailableError';
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
    return ctx.session.exclusive(async (registrar) => openShift(ctx, registrar, await registrar.status()));
  }

  async closeShift(registerId: number): Promise<ShiftReport> {
    const { ctx } = this.worker(registerId);
    return ctx.session.exclusive(async (registrar) => closeShift(ctx, registrar, await registrar.status()));
  }

  async xReport(registerId: number): Promise<void> {
    const { ctx } = this.worker(registerId);
    await ctx.session.exclusive((registrar) => registrar.xReport(cashierOf(ctx.register)));
  }
}
