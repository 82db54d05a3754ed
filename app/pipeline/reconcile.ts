// Resolving an outcome_unknown job against the fiscal drive (rule 1; research/protocols.md §5):
//   a document still open      → it was not fiscalized: cancel it, then send again;
//   the last FD number advanced → look at each new FD: a receipt with our operation and sum, formed after
//                                 we recorded the FN state, and not claimed by another job is ours → done;
//   nothing new                 → nothing happened: send again.
// Never resend before one of these answers is certain.
import type { FiscalDocument, FiscalRegistrar, FiscalResult } from '../../drivers/fiscal-registrar.ts';
import { documentTotal } from '../domain/service-receipt.ts';
import type { FiscalJobRow } from '../storage/fiscal-job-repository.ts';
import { completeJob } from './job-completion.ts';
import type { WorkerContext } from './worker-context.ts';

/** A job whose FN shows more new documents than this is left to a person rather than scanned. */
const MAX_DOCUMENTS_TO_SCAN = 50;

export type ReconcileOutcome = 'fiscalized' | 'not_fiscalized' | 'needs_person';

export function matchesJob(
  candidate: FiscalResult,
  doc: FiscalDocument,
  deviceClockBefore: string | null,
): boolean {
  // A correction job is matched by a correction receipt in the FN (form code 31), a sale by a receipt.
  if (candidate.documentType !== (doc.correction ? 'correction' : 'receipt')) return false;
  if (candidate.operation !== doc.operation) return false;
  if (candidate.totalKopecks !== documentTotal(doc)) return false;
  // The FN keeps minutes; a document formed before we recorded the FN state cannot be ours.
  if (deviceClockBefore && candidate.deviceTime < deviceClockBefore.slice(0, 16)) return false;
  return true;
}

export async function reconcileJob(
  ctx: WorkerContext,
  registrar: FiscalRegistrar,
  job: FiscalJobRow,
): Promise<ReconcileOutcome> {
  const now = () => ctx.now().toISOString();
  const needsPerson = (message: string): ReconcileOutcome => {
    ctx.jobs.transition(
      job.id,
      ['outcome_unknown', 'sending'],
      'outcome_unknown',
      {
        lastErrorCode: 'needs_person',
        lastError: message,
        notBefore: new Date(ctx.now().getTime() + 3_600_000).toISOString(),
      },
      now(),
      message,
    );
    return 'needs_person';
  };
  if (job.lastFdBefore === null || job.fnNumberBefore === null) {
    return needsPerson(
      'the FN state before sending was not recorded; check the FN archive and resolve by hand',
    );
  }

  let status = await registrar.status();
  if (status.fn.number !== job.fnNumberBefore) {
    return needsPerson(
      `the FN was replaced (was ${job.fnNumberBefore}, now ${status.fn.number}); check the old FN and resolve by hand`,
    );
  }
  if (status.documentOpen) {
    await registrar.cancelOpenDocument();
    status = await registrar.status();
  }

  const doc = JSON.parse(job.documentJson) as FiscalDocument;
  const newest = status.fn.lastFdNumber;
  if (newest - job.lastFdBefore > MAX_DOCUMENTS_TO_SCAN) {
    return needsPerson(
      `the FN formed ${newest - job.lastFdBefore} documents since the send; check the FN archive and resolve by hand`,
    );
  }
  for (let fd = job.lastFdBefore + 1; fd <= newest; fd++) {
    const candidate = await registrar.documentByNumber(fd);
    if (!candidate || !matchesJob(candidate, doc, job.deviceClockBefore)) continue;
    if (ctx.receipts.isClaimed(candidate.fnNumber, candidate.fdNumber)) continue;
    const receipt = completeJob(
      ctx,
      job,
      ctx.register,
      candidate,
      'reconciled',
      ctx.now(),
      ['outcome_unknown', 'sending'],
      `the FN shows FD ${fd} with this sum: fiscalized`,
    );
    if (receipt && status.paper === 'out_waiting_continue') await registrar.continuePrinting();
    return 'fiscalized';
  }

  ctx.jobs.transition(
    job.id,
    ['outcome_unknown', 'sending'],
    'pending',
    { registerId: null, notBefore: now(), lastErrorCode: null, lastError: null },
    now(),
    `the FN shows no receipt for this job after FD ${job.lastFdBefore}: safe to send again`,
  );
  return 'not_fiscalized';
}
