// Sending one pending job: prepare the device, durably record the FN's last document number (the
// evidence reconciliation needs), then hand the document to the driver. Whatever the driver says
// decides the job's next state; an unknown outcome is never retried blindly.
import type { FiscalDocument, FiscalRegistrar } from '../../drivers/fiscal-registrar.ts';
import { forRegister } from '../domain/service-receipt.ts';
import type { FiscalJobRow, JobState } from '../storage/fiscal-job-repository.ts';
import { describeError, isRegisterFault, judgeFailure, retryDelayMs } from './failure-policy.ts';
import { completeJob } from './job-completion.ts';
import { prepareForReceipt } from './shift-policy.ts';
import { cashierOf, type WorkerContext } from './worker-context.ts';

export type SendOutcome = 'done' | 'retry' | 'failed' | 'outcome_unknown' | 'skipped';

export async function sendJob(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
  job: FiscalJobRow,
): Promise<SendOutcome> {
  const at = () => ctx.now().toISOString();
  if (!ctx.jobs.claim(job.id, ctx.register.id, at())) return 'skipped';
  const doc: FiscalDocument = forRegister(JSON.parse(job.documentJson) as FiscalDocument, {
    electronicOnly: ctx.register.electronicOnly,
    cashier: cashierOf(ctx.register),
  });

  try {
    const status = await prepareForReceipt(ctx, registrar);
    if (status.paper !== 'present' && !doc.electronicOnly) {
      return retryLater(ctx, job, { code: 'paper_out', message: 'the printer has no paper' });
    }
    const sending = ctx.jobs.transition(
      job.id,
      ['pending'],
      'sending',
      {
        registerId: ctx.register.id,
        attempts: job.attempts + 1,
        fnNumberBefore: status.fn.number,
        lastFdBefore: status.fn.lastFdNumber,
        deviceClockBefore: status.deviceClock,
      },
      at(),
      `sending to ${ctx.register.name}; FN ${status.fn.number} last FD ${status.fn.lastFdNumber}`,
    );
    if (!sending) return 'skipped';
  } catch (error) {
    // Nothing fiscal was sent for this job yet. A refusal only a person can fix (FN expired or full,
    // OFD block: the shift cannot even be opened) fails the job visibly; anything else is retried,
    // possibly on another register of the organization.
    if (judgeFailure(error).kind === 'fail') return refuse(ctx, job, describeError(error), ['pending']);
    return retryLater(ctx, job, describeError(error));
  }

  try {
    const result = await registrar.register(doc);
    const sent = { ...job, attempts: job.attempts + 1 };
    completeJob(
      ctx,
      sent,
      ctx.register,
      result,
      'device',
      ctx.now(),
      ['sending'],
      `fiscalized as FD ${result.fdNumber}`,
    );
    return 'done';
  } catch (error) {
    const verdict = judgeFailure(error);
    const { code, message } = describeError(error);
    if (verdict.kind === 'unknown') {
      ctx.jobs.transition(
        job.id,
        ['sending'],
        'outcome_unknown',
        { lastErrorCode: code, lastError: message },
        at(),
        `outcome unknown: ${message}`,
      );
      return 'outcome_unknown';
    }
    if (verdict.kind === 'fail') return refuse(ctx, job, { code, message }, ['sending']);
    ctx.jobs.transition(
      job.id,
      ['sending'],
      'pending',
      {
        registerId: null,
        lastErrorCode: code,
        lastError: message,
        notBefore: new Date(ctx.now().getTime() + retryDelayMs(job.attempts + 1)).toISOString(),
      },
      at(),
      `refused, will retry: ${message}`,
    );
    return 'retry';
  }
}

/**
 * The register refused the job for good. When the cause is the register's own FN and another enabled
 * register of the organization has not refused it yet, the job goes back to the queue for that one;
 * otherwise it fails, visible to a person. A cash-desk job pinned to this register fails at once: its
 * customer stands at this desk, and a receipt printed in another office would not reach them.
 */
function refuse(
  ctx: WorkerContext,
  job: FiscalJobRow,
  error: { code: string; message: string },
  from: readonly JobState[],
): SendOutcome {
  if (!isRegisterFault(error.code) || job.pinnedRegisterId !== null) return failJob(ctx, job, error, from);
  const refusedBy = new Set(JSON.parse(job.refusedBy) as number[]).add(ctx.register.id);
  const others = ctx.registers
    .list()
    .filter((r) => r.enabled && r.organizationId === ctx.register.organizationId && !refusedBy.has(r.id));
  if (others.length === 0) return failJob(ctx, job, error, from, JSON.stringify([...refusedBy]));
  ctx.jobs.transition(
    job.id,
    from,
    'pending',
    {
      registerId: null,
      refusedBy: JSON.stringify([...refusedBy]),
      lastErrorCode: error.code,
      lastError: error.message,
      notBefore: ctx.now().toISOString(),
    },
    ctx.now().toISOString(),
    `${ctx.register.name} refused: ${error.message}; left to ${others.map((r) => r.name).join(', ')}`,
  );
  return 'retry';
}

function failJob(
  ctx: WorkerContext,
  job: FiscalJobRow,
  error: { code: string; message: string },
  from: readonly JobState[],
  refusedBy?: string,
): SendOutcome {
  const at = ctx.now().toISOString();
  ctx.db.transaction(() => {
    ctx.jobs.transition(
      job.id,
      from,
      'failed',
      { lastErrorCode: error.code, lastError: error.message, ...(refusedBy ? { refusedBy } : {}) },
      at,
      `failed: ${error.message}`,
    );
    ctx.payments.setStatus(job.paymentId, 'failed');
  })();
  return 'failed';
}

function retryLater(
  ctx: WorkerContext,
  job: FiscalJobRow,
  error: { code: string; message: string },
): SendOutcome {
  const now = ctx.now();
  const notBefore = new Date(now.getTime() + retryDelayMs(job.attempts)).toISOString();
  // The same trouble again (a register down for hours) only moves the next attempt: the event trail
  // keeps one row per distinct cause instead of one per retry.
  if (job.lastErrorCode === error.code && job.lastError === error.message) {
    ctx.jobs.postpone(job.id, notBefore, now.toISOString());
    return 'retry';
  }
  // Release the claim so a healthy register of the same organization can take the job.
  ctx.jobs.transition(
    job.id,
    ['pending'],
    'pending',
    {
      registerId: null,
      lastErrorCode: error.code,
      lastError: error.message,
      notBefore,
    },
    now.toISOString(),
    `not sent, will retry: ${error.message}`,
  );
  return 'retry';
}
