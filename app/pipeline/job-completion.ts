// Records a fiscalized job: the receipt enters the hash-chained journal, the job becomes done and the
// payment fiscalized, all in one transaction so no state can show one without the others.
import type { FiscalResult } from '../../drivers/fiscal-registrar.ts';
import { deviceLocalToUtc } from '../domain/device-time.ts';
import { receiptQr } from '../domain/receipt-qr.ts';
import type { FiscalJobRow, JobState } from '../storage/fiscal-job-repository.ts';
import type { ReceiptRow } from '../storage/receipt-repository.ts';
import type { RegisterRow } from '../storage/register-repository.ts';
import type { PipelineStores } from './worker-context.ts';

export type Resolution = 'device' | 'reconciled' | 'manual';

export function completeJob(
  stores: PipelineStores,
  job: FiscalJobRow,
  register: RegisterRow,
  result: FiscalResult,
  resolution: Resolution,
  now: Date,
  from: readonly JobState[],
  detail: string,
): ReceiptRow | undefined {
  const operation = result.operation ?? 'income';
  const totalKopecks = result.totalKopecks ?? 0;
  const at = now.toISOString();
  return stores.db
    .transaction(() => {
      const moved = stores.jobs.transition(
        job.id,
        from,
        'done',
        { registerId: register.id, lastErrorCode: null, lastError: null },
        at,
        detail,
      );
      if (!moved) return undefined;
      const receipt = stores.receipts.append({
        fiscalJobId: job.id,
        paymentId: job.paymentId,
        registerId: register.id,
        fnNumber: result.fnNumber,
        fdNumber: result.fdNumber,
        fiscalSign: result.fiscalSign,
        shiftNumber: result.shiftNumber ?? null,
        operation,
        totalKopecks,
        deviceTime: result.deviceTime,
        fiscalizedAt: deviceLocalToUtc(result.deviceTime, register.timezone).toISOString(),
        qr: receiptQr({ ...result, operation, totalKopecks }),
        resolution,
        createdAt: at,
      });
      stores.payments.setStatus(job.paymentId, 'fiscalized');
      return receipt;
    })
    .immediate();
}
