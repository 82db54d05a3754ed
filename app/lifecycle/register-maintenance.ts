// Runs a register's maintenance tasks inside its worker, in the device session, between receipts
// (register-worker.ts maintain()): the status poll (status, FN and OFD figures, clock drift) and the
// scheduled shift close (a Z-report, recorded in the shift table and audited as the system).
import type { FiscalRegistrar, RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import { deviceLocalToUtc } from '../domain/device-time.ts';
import { describeError, retryDelayMs } from '../pipeline/failure-policy.ts';
import { closeShift } from '../pipeline/shift-policy.ts';
import type { RegisterMaintenance, WorkerContext } from '../pipeline/worker-context.ts';
import type { MaintenanceTask, MaintenanceTaskRepository } from '../storage/maintenance-task-repository.ts';
import type { ShiftCloseRule } from './shift-close-rule.ts';

/** Who the audit trail names for what the lifecycle does on its own. */
export const LIFECYCLE_CONTEXT: AuditContext = { actor: { kind: 'system', name: 'lifecycle' }, ip: null };

export interface RegisterMaintenanceDeps {
  tasks: MaintenanceTaskRepository;
  shiftClose: ShiftCloseRule;
  audit: AuditLog;
}

/** Device clock minus box clock, whole seconds; null when the device clock cannot be read. */
export function clockDriftSeconds(status: RegistrarStatus, timezone: string, boxNow: Date): number | null {
  try {
    return Math.round((deviceLocalToUtc(status.deviceClock, timezone).getTime() - boxNow.getTime()) / 1000);
  } catch {
    return null;
  }
}

export class RegisterMaintenanceRunner implements RegisterMaintenance {
  private readonly deps: RegisterMaintenanceDeps;

  constructor(deps: RegisterMaintenanceDeps) {
    this.deps = deps;
  }

  /** A worker that starts reads its device at once (a register just added or changed shows its state). */
  workerStarted(registerId: number, now: Date): void {
    this.deps.tasks.enqueue({
      kind: 'status_poll',
      registerId,
      reason: 'worker_start',
      dueAt: now.toISOString(),
    });
  }

  claimNext(registerId: number, now: Date): MaintenanceTask | undefined {
    const at = now.toISOString();
    const task = this.deps.tasks.nextDue(registerId, at);
    return task && this.deps.tasks.claim(task.id, at) ? task : undefined;
  }

  async run(ctx: WorkerContext, registrar: FiscalRegistrar, task: MaintenanceTask): Promise<void> {
    const { tasks } = this.deps;
    try {
      const outcome =
        task.kind === 'shift_close'
          ? await this.closeShiftIfDue(ctx, registrar)
          : await this.poll(ctx, registrar);
      tasks.finish(task.id, 'done', ctx.now().toISOString(), { outcome });
    } catch (error) {
      const { message } = describeError(error);
      const at = ctx.now();
      if (task.kind === 'shift_close') {
        // The close stays due: tried again with backoff until the device takes it (the FN's 24 hours
        // leave shift_max_hours' margin for this).
        const dueAt = new Date(at.getTime() + retryDelayMs(task.attempts + 1)).toISOString();
        tasks.retryLater(task.id, dueAt, message, at.toISOString());
        ctx.logger.warn({ err: error }, 'scheduled shift close failed; will retry');
      } else {
        // A failed poll is its own answer (the register is shown offline); the next one is scheduled anew.
        ctx.registerStates.recordOffline(ctx.register.id, message);
        tasks.finish(task.id, 'failed', at.toISOString(), { error: message });
      }
    }
  }

  private async poll(ctx: WorkerContext, registrar: FiscalRegistrar): Promise<string> {
    const status = await registrar.status();
    const now = ctx.now();
    ctx.registerStates.recordStatus(ctx.register.id, status, now.toISOString());
    const drift = clockDriftSeconds(status, ctx.register.timezone, now);
    ctx.registerStates.recordClockDrift(ctx.register.id, drift);
    return `status read (clock drift ${drift ?? 'unknown'} s)`;
  }

  /** Judged again on a fresh status: the shift may have been closed by hand since it was enqueued. */
  private async closeShiftIfDue(ctx: WorkerContext, registrar: FiscalRegistrar): Promise<string> {
    const status = await registrar.status();
    const reason = this.deps.shiftClose.reasonFor(ctx.register, status, ctx.now());
    if (reason === null) {
      ctx.registerStates.recordStatus(ctx.register.id, status, ctx.now().toISOString());
      return `nothing to close (shift ${status.shift.number} ${status.shift.state})`;
    }
    const report = await closeShift(ctx, registrar, status);
    this.deps.audit.record(LIFECYCLE_CONTEXT, {
      action: 'register.shift_close',
      entity: 'register',
      entityId: ctx.register.id,
      after: {
        shiftNumber: report.shiftNumber,
        fdNumber: report.fdNumber,
        deviceTime: report.deviceTime,
        reason,
      },
    });
    try {
      ctx.registerStates.recordStatus(ctx.register.id, await registrar.status(), ctx.now().toISOString());
    } catch {
      // The Z-report is in the FN; the next poll records the state.
    }
    ctx.events.emit('shift');
    return `closed shift ${report.shiftNumber} (${reason})`;
  }
}
