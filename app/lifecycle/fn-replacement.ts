// Getting a register ready for its FN to be swapped (issue 4: "a Z-report before an FN replacement"):
// the open shift is closed with a Z-report, and the FN may go only once the OFD has every document it
// holds; a document left unsent in a removed FN must be read out of it at a service centre. Runs in the
// register's device session like every other device action.
import type { RegistrarStatus, ShiftReport } from '../../drivers/fiscal-registrar.ts';
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import { ApiError } from '../http/errors.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { closeShift } from '../pipeline/shift-policy.ts';
import { RegisterUnavailableError } from '../registers/register-operations.ts';

export interface FnReplacementReadiness {
  /**
   * True when the FN may be removed: the shift is closed, the OFD confirmed every document, and no send
   * of the register waits for a person to read its outcome from this FN.
   */
  ready: boolean;
  shiftClosed: boolean;
  /** The Z-report this call printed; null when the shift was already closed. */
  zReport: ShiftReport | null;
  ofdUnsentCount: number;
  message: string;
}

export interface FnReplacementDeps {
  pipeline: Pipeline;
  audit: AuditLog;
}

function busy(registerId: number): ApiError {
  return new ApiError(
    'register_busy',
    `A receipt sent on register ${registerId} has an unknown outcome; it is being reconciled against the FN. Try again when it is resolved.`,
  );
}

function messageOf(status: RegistrarStatus, leftToAPerson: number | undefined): string {
  if (leftToAPerson !== undefined) {
    return `The shift is closed, but fiscal job ${leftToAPerson} has an unknown outcome left to a person: resolve it against this FN (its archive has the answer) before removing the FN.`;
  }
  if (status.ofd.unsentCount === 0) {
    return 'The shift is closed and the OFD has every document: disable the register, replace the FN, re-register it, then enable the register.';
  }
  const oldest = status.ofd.oldestUnsentTime ? ` (oldest from ${status.ofd.oldestUnsentTime})` : '';
  return `The shift is closed, but ${status.ofd.unsentCount} document(s) are not yet confirmed by the OFD${oldest}: check the register's network and the OFD settings, and ask again before removing the FN.`;
}

export class FnReplacement {
  private readonly deps: FnReplacementDeps;

  constructor(deps: FnReplacementDeps) {
    this.deps = deps;
  }

  async prepare(registerId: number, context: AuditContext): Promise<FnReplacementReadiness> {
    const worker = this.deps.pipeline.worker(registerId);
    if (!worker) throw new RegisterUnavailableError(registerId);
    const { ctx } = worker;
    if (ctx.jobs.hasUnresolved(registerId)) throw busy(registerId);
    const { status, report } = await ctx.session.exclusive(async (registrar) => {
      // Checked again in the session: the worker's send just before us may have lost its answer.
      if (ctx.jobs.hasUnresolved(registerId)) throw busy(registerId);
      const before = await registrar.status();
      const closed = before.shift.state === 'closed' ? null : await closeShift(ctx, registrar, before);
      const after = closed ? await registrar.status() : before;
      ctx.registerStates.recordStatus(registerId, after, ctx.now().toISOString());
      return { status: after, report: closed };
    });
    if (report) ctx.events.emit('shift');
    // A send left to a person (needs_person) does not block the register, but only this FN can tell
    // whether it was fiscalized: the FN stays until it is resolved.
    const leftToAPerson = ctx.jobs.list({ state: 'outcome_unknown', registerId, limit: 1, offset: 0 })[0]?.id;
    const readiness: FnReplacementReadiness = {
      ready: status.shift.state === 'closed' && status.ofd.unsentCount === 0 && leftToAPerson === undefined,
      shiftClosed: status.shift.state === 'closed',
      zReport: report,
      ofdUnsentCount: status.ofd.unsentCount,
      message: messageOf(status, leftToAPerson),
    };
    this.deps.audit.record(context, {
      action: 'register.fn_replacement_prepare',
      entity: 'register',
      entityId: registerId,
      after: { ...readiness, fnNumber: status.fn.number },
    });
    return readiness;
  }
}
