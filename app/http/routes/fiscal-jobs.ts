// Fiscal jobs and receipts (issue 2 "HTTP API"): the queue as a technician sees it, requeue of a failed
// job and resolution by hand of an outcome_unknown one. Both actions are audited with the reason given.
import { Type } from 'typebox';
import { JobActionError, requeueJob, resolveJobByHand } from '../../pipeline/job-actions.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { ApiError, invalidField, notFound } from '../errors.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  FiscalJob,
  FiscalJobDetail,
  FiscalJobList,
  fiscalJobJson,
  JobQuery,
  jobEventJson,
  ReceiptList,
  RequeueBody,
  ResolveBody,
  receiptJson,
} from '../schemas/payment.ts';
import { ReceiptDetail, receiptDetailJson } from '../schemas/receipt-detail.ts';

function translate(error: unknown): unknown {
  if (!(error instanceof JobActionError)) return error;
  if (error.code === 'job_not_found') return new ApiError('not_found', error.message);
  return new ApiError(error.code, error.message);
}

export const fiscalJobRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const { stores } = deps;
  const actions = { ...stores, pipeline: deps.pipeline, now: () => deps.clock.now(), events: deps.events };

  app.get(
    '/fiscal-jobs',
    {
      schema: {
        tags: ['fiscal-jobs'],
        summary: 'The queue: jobs by state and register, newest first',
        querystring: JobQuery,
        response: { 200: FiscalJobList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { state, register_id: registerId, limit, offset } = request.query;
      const rows = stores.jobs.list({
        ...(state === undefined ? {} : { state }),
        ...(registerId === undefined ? {} : { registerId }),
        limit: limit ?? 50,
        offset: offset ?? 0,
      });
      return { items: rows.map(fiscalJobJson), counts: stores.jobs.countsByState() };
    },
  );

  app.get(
    '/fiscal-jobs/:id',
    {
      schema: {
        tags: ['fiscal-jobs'],
        summary: 'A fiscal job with every state change it went through',
        params: IdParams,
        response: { 200: FiscalJobDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const job = stores.jobs.getById(request.params.id);
      if (!job) throw notFound('fiscal job', request.params.id);
      return { ...fiscalJobJson(job), events: stores.jobs.events(job.id).map(jobEventJson) };
    },
  );

  app.post(
    '/fiscal-jobs/:id/requeue',
    {
      schema: {
        tags: ['fiscal-jobs'],
        summary: 'Send a failed job again (after the cause was fixed)',
        params: IdParams,
        body: RequeueBody,
        response: { 200: FiscalJob, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      try {
        const before = stores.jobs.getById(request.params.id);
        const after = requeueJob(actions, request.params.id, request.body.reason);
        deps.audit.record(auditContext(request), {
          action: 'fiscal_job.requeue',
          entity: 'fiscal_job',
          entityId: after.id,
          before: before && fiscalJobJson(before),
          after: { ...fiscalJobJson(after), reason: request.body.reason },
        });
        return fiscalJobJson(after);
      } catch (error) {
        throw translate(error);
      }
    },
  );

  app.post(
    '/fiscal-jobs/:id/resolve',
    {
      schema: {
        tags: ['fiscal-jobs'],
        summary: 'Resolve an outcome_unknown job by hand, after checking the FN',
        description:
          'fiscalized=true needs fd_number: the FD is read from the FN and must be a receipt with this sum. ' +
          'fiscalized=false sends the payment again.',
        params: IdParams,
        body: ResolveBody,
        response: { 200: FiscalJob, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { fiscalized, fd_number: fdNumber, reason } = request.body;
      if (fiscalized && fdNumber === undefined)
        throw invalidField('/fd_number', 'is required when fiscalized is true');
      try {
        const before = stores.jobs.getById(request.params.id);
        const after = await resolveJobByHand(
          actions,
          request.params.id,
          fiscalized ? { fiscalized: true, fdNumber: fdNumber!, reason } : { fiscalized: false, reason },
        );
        deps.audit.record(auditContext(request), {
          action: 'fiscal_job.resolve',
          entity: 'fiscal_job',
          entityId: after.id,
          before: before && fiscalJobJson(before),
          after: { ...fiscalJobJson(after), reason, fiscalized, fd_number: fdNumber ?? null },
        });
        return fiscalJobJson(after);
      } catch (error) {
        throw translate(error);
      }
    },
  );

  app.get(
    '/receipts',
    {
      schema: {
        tags: ['receipts'],
        summary: 'Receipts, newest first',
        querystring: Type.Object(
          {
            register_id: Type.Optional(Type.Integer({ minimum: 1 })),
            payment_id: Type.Optional(
              Type.Integer({ minimum: 1, description: 'The receipt of this payment' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReceiptList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { register_id: registerId, payment_id: paymentId, limit, offset } = request.query;
      const rows = stores.receipts.list({
        ...(registerId === undefined ? {} : { registerId }),
        ...(paymentId === undefined ? {} : { paymentId }),
        limit: limit ?? 50,
        offset: offset ?? 0,
      });
      return { items: rows.map(receiptJson) };
    },
  );

  app.get(
    '/receipts/:id',
    {
      schema: {
        tags: ['receipts'],
        summary: 'A receipt with every fiscal field, the document as it was sent, and its QR code text',
        params: IdParams,
        response: { 200: ReceiptDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const receipt = stores.receipts.getById(request.params.id);
      if (!receipt) throw notFound('receipt', request.params.id);
      const job = stores.jobs.getById(receipt.fiscalJobId);
      return receiptDetailJson(receipt, {
        documentJson: job?.documentJson,
        organization: job && deps.repositories.organizations.getById(job.organizationId),
        register: stores.registers.getById(receipt.registerId),
      });
    },
  );
};
