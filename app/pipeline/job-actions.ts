// What a person may do with a job that the pipeline could not finish on its own. Both actions are
// audited by the HTTP layer with the reason given. Nothing here resends blindly:
// - requeue: a failed job (the device refused it, nothing was fiscalized) goes back to pending;
// - resolve by hand: an outcome_unknown job is declared either "not fiscalized" (back to pending) or
//   "fiscalized as FD n", which is checked against the FN archive through the register's session.
import type { FiscalDocument } from '../../drivers/fiscal-registrar.ts';
import type { AppEvents } from '../events/app-events.ts';
import type { FiscalJobRow } from '../storage/fiscal-job-repository.ts';
import { completeJob } from './job-completion.ts';
import type { Pipeline } from './pipeline.ts';
import { matchesJob } from './reconcile.ts';
import type { PipelineStores } from './worker-context.ts';

export class JobActionError extends Error {
  readonly code: 'job_not_found' | 'job_state' | 'register_unavailable' | 'fd_mismatch';
  constructor(code: JobActionError['code'], message: string) {
    super(message);
    this.name = 'JobActionError';
    this.code = code;
  }
}

export interface JobActionDeps extends PipelineStores {
  pipeline: Pipeline;
  now: () => Date;
  /** Told of every job a person moved, so live views re-read the queue. */
  events: AppEvents;
}

function load(deps: JobActionDeps, jobId: number): FiscalJobRow {
  const job = deps.jobs.getById(jobId);
  if (!job) throw new JobActionError('job_not_found', `Fiscal job ${jobId} does not exist`);
  return job;
}

export function requeueJob(deps: JobActionDeps, jobId: number, reason: string): FiscalJobRow {
  const job = load(deps, jobId);
  if (job.state !== 'failed') {
    throw new JobActionError('job_state', `Only a failed job can be requeued; job ${jobId} is ${job.state}`);
  }
  const at = deps.now().toISOString();
  deps.db.transaction(() => {
    deps.jobs.transition(
      jobId,
      ['failed'],
      'pending',
      { registerId: null, notBefore: at, lastErrorCode: null, lastError: null, refusedBy: '[]' },
      at,
      `requeued by hand: ${reason}`,
    );
    deps.payments.setStatus(job.paymentId, 'accepted');
  })();
  deps.events.emit('job');
  deps.pipeline.wake(job.organizationId);
  return load(deps, jobId);
}

export type ManualResolution =
  | { fiscalized: false; reason: string }
  | { fiscalized: true; fdNumber: number; reason: string };

export async function resolveJobByHand(
  deps: JobActionDeps,
  jobId: number,
  resolution: ManualResolution,
): Promise<FiscalJobRow> {
  const job = load(deps, jobId);
  if (job.state !== 'outcome_unknown') {
    throw new JobActionError(
      'job_state',
      `Only a job with an unknown outcome can be resolved by hand; job ${jobId} is ${job.state}`,
    );
  }
  const at = deps.now().toISOString();
  if (!resolution.fiscalized) {
    deps.jobs.transition(
      jobId,
      ['outcome_unknown'],
      'pending',
      { registerId: null, notBefore: at, lastErrorCode: null, lastError: null },
      at,
      `resolved by hand as not fiscalized: ${resolution.reason}`,
    );
    deps.events.emit('job');
    deps.pipeline.wake(job.organizationId);
    return load(deps, jobId);
  }

  const registerId = job.registerId;
  const session = registerId === null ? undefined : deps.pipeline.session(registerId);
  const register = registerId === null ? undefined : deps.registers.getById(registerId);
  if (!session || !register) {
    throw new JobActionError(
      'register_unavailable',
      `The register of job ${jobId} is not running; the FD cannot be checked`,
    );
  }
  const candidate = await session.exclusive((registrar) => registrar.documentByNumber(resolution.fdNumber));
  const doc = JSON.parse(job.documentJson) as FiscalDocument;
  if (!candidate || !matchesJob(candidate, doc, null)) {
    throw new JobActionError(
      'fd_mismatch',
      `FD ${resolution.fdNumber} in the FN is not a receipt with this job's operation and sum`,
    );
  }
  // The job's receipt can only be a document the FN formed after the box recorded its state for the send:
  // an earlier receipt with the same sum (a round amount paid twice, a receipt made by hand) is not it.
  if (job.fnNumberBefore !== null && candidate.fnNumber !== job.fnNumberBefore) {
    throw new JobActionError(
      'fd_mismatch',
      `FD ${resolution.fdNumber} is in FN ${candidate.fnNumber}, but this job was sent to FN ${job.fnNumberBefore}`,
    );
  }
  if (job.lastFdBefore !== null && candidate.fdNumber <= job.lastFdBefore) {
    throw new JobActionError(
      'fd_mismatch',
      `FD ${resolution.fdNumber} was formed before this job was sent (the last FD in the FN was ${job.lastFdBefore} then)`,
    );
  }
  if (deps.receipts.isClaimed(candidate.fnNumber, candidate.fdNumber)) {
    throw new JobActionError(
      'fd_mismatch',
      `FD ${resolution.fdNumber} already belongs to another payment's receipt`,
    );
  }
  completeJob(
    deps,
    job,
    register,
    candidate,
    'manual',
    deps.now(),
    ['outcome_unknown'],
    `resolved by hand as FD ${resolution.fdNumber}: ${resolution.reason}`,
  );
  deps.events.emit('job');
  return load(deps, jobId);
}
