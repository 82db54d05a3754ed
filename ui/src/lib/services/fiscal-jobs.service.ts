// The fiscal queue: jobs by state, requeue of a failed job, resolution by hand of an outcome_unknown one
// (docs/api.md "Fiscal jobs and receipts"; both actions are audited with the reason).
import { api } from '../api/client.ts';
import type { FiscalJobDetailJson, FiscalJobJson, FiscalJobListJson } from '../api/types.ts';

export type JobState = FiscalJobJson['state'];

export function listJobs(filter: {
  state?: JobState;
  register_id?: number;
  limit?: number;
  offset?: number;
}) {
  return api.get<FiscalJobListJson>('/fiscal-jobs', filter);
}

export function getJob(id: number): Promise<FiscalJobDetailJson> {
  return api.get(`/fiscal-jobs/${id}`);
}

export function requeueJob(id: number, reason: string): Promise<FiscalJobJson> {
  return api.post(`/fiscal-jobs/${id}/requeue`, { reason });
}

export type Resolution = { fiscalized: true; fd_number: number } | { fiscalized: false };

export function resolveJob(id: number, resolution: Resolution, reason: string): Promise<FiscalJobJson> {
  return api.post(`/fiscal-jobs/${id}/resolve`, { ...resolution, reason });
}
