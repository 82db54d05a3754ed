// Rule 1 as a check over a whole box and its simulated devices: every accepted payment is stored and
// has exactly one receipt; every receipt in every simulated FN belongs to exactly one receipt row (no
// second fiscal document for a payment, none orphaned); sums, FD numbers, fiscal signs and times in the
// database are the FN's; a receipt is printed by a register of the payment's own organization; the
// journal's hash chain verifies; and no job is left unresolved.
import { expect } from 'vitest';
import type { Db } from '../../app/storage/database.ts';
import type { JobState } from '../../app/storage/fiscal-job-repository.ts';
import { formatLocalMinute } from '../../drivers/shtrih/simulator/clock.ts';
import type { ShtrihSimulator } from '../../drivers/shtrih/simulator/shtrih-simulator.ts';

/** What the check looks at: the box's database, its devices, and what the API told the sources. */
export interface InvariantSubject {
  db: Db;
  devices: readonly { fnNumber: string; registerId: number; simulator: ShtrihSimulator }[];
  /** Every payment the API answered 200/201 for, by payment id. */
  accepted: ReadonlyMap<number, { id: number; amountKopecks: number }>;
  /** The body of GET /api/v1/journal/verify. */
  verifyJournal(): Promise<unknown>;
}

export interface InvariantOptions {
  /** Job states allowed at the end; default only 'done'. A job in another allowed state has no receipt. */
  allowedStates?: readonly JobState[];
}

export interface InvariantSummary {
  payments: number;
  receipts: number;
  jobsByState: Record<JobState, number>;
  /** Receipts by how they were settled: device, reconciled, manual. */
  resolutions: Record<string, number>;
}

interface PaymentRow {
  id: number;
  amountKopecks: number;
  status: string;
  organizationId: number;
  jobState: JobState | null;
  jobId: number | null;
  jobs: number;
}

interface ReceiptRow {
  id: number;
  paymentId: number;
  fiscalJobId: number;
  registerId: number;
  registerOrganizationId: number;
  fnNumber: string;
  fdNumber: number;
  fiscalSign: string;
  operation: string;
  totalKopecks: number;
  deviceTime: string;
  resolution: string;
  /** From the job's document: its тег 1054, and 1 when it is a correction receipt (issue 5). */
  documentOperation: string;
  documentIsCorrection: number;
}

/** Тег 1054 as the FN records it → the contract's Operation. */
const OPERATION_NAME: Readonly<Record<number, string>> = {
  1: 'income',
  2: 'income_return',
  3: 'expense',
  4: 'expense_return',
};

export async function checkInvariants(
  subject: InvariantSubject,
  options: InvariantOptions = {},
): Promise<InvariantSummary> {
  const allowed = new Set(options.allowedStates ?? ['done']);
  const db = subject.db;
  // A payment's organization is the one it was accepted for: its source's, or the one the source's
  // account rules chose (issue 5), which its fiscal job keeps.
  const payments = db
    .prepare(
      `SELECT p.id, p.amount_kopecks AS amountKopecks, p.status,
              coalesce((SELECT organization_id FROM fiscal_job j WHERE j.payment_id = p.id), s.organization_id)
                AS organizationId,
              (SELECT state FROM fiscal_job j WHERE j.payment_id = p.id) AS jobState,
              (SELECT id FROM fiscal_job j WHERE j.payment_id = p.id) AS jobId,
              (SELECT count(*) FROM fiscal_job j WHERE j.payment_id = p.id) AS jobs
       FROM payment p JOIN source s ON s.id = p.source_id ORDER BY p.id`,
    )
    .all() as PaymentRow[];
  const receipts = db
    .prepare(
      `SELECT r.id, r.payment_id AS paymentId, r.fiscal_job_id AS fiscalJobId, r.register_id AS registerId,
              g.organization_id AS registerOrganizationId, r.fn_number AS fnNumber, r.fd_number AS fdNumber,
              r.fiscal_sign AS fiscalSign, r.operation, r.total_kopecks AS totalKopecks,
              r.device_time AS deviceTime, r.resolution,
              json_extract(j.document_json, '$.operation') AS documentOperation,
              json_extract(j.document_json, '$.correction') IS NOT NULL AS documentIsCorrection
       FROM receipt r JOIN register g ON g.id = r.register_id
       JOIN fiscal_job j ON j.id = r.fiscal_job_id ORDER BY r.id`,
    )
    .all() as ReceiptRow[];

  // Every answered payment is stored, with the amount it was accepted with, and nothing else is.
  const stored = new Map(payments.map((payment) => [payment.id, payment]));
  for (const accepted of subject.accepted.values()) {
    expect(stored.get(accepted.id)?.amountKopecks, `payment ${accepted.id} was accepted`).toBe(
      accepted.amountKopecks,
    );
  }
  expect(payments.length, 'payments in the database = payments the API accepted').toBe(subject.accepted.size);

  const receiptsByPayment = new Map<number, ReceiptRow[]>();
  for (const receipt of receipts) {
    receiptsByPayment.set(receipt.paymentId, [...(receiptsByPayment.get(receipt.paymentId) ?? []), receipt]);
  }
  for (const payment of payments) {
    const mine = receiptsByPayment.get(payment.id) ?? [];
    const label = `payment ${payment.id} (job ${payment.jobId} ${payment.jobState})`;
    expect(payment.jobs, `${label}: one fiscal job`).toBe(1);
    expect(allowed.has(payment.jobState!), `${label}: job state is one of ${[...allowed]}`).toBe(true);
    expect(mine.length, `${label}: receipts`).toBe(payment.jobState === 'done' ? 1 : 0);
    expect(payment.status, `${label}: payment status`).toBe(
      payment.jobState === 'done' ? 'fiscalized' : payment.jobState === 'failed' ? 'failed' : 'accepted',
    );
    for (const receipt of mine) {
      expect(receipt.totalKopecks, `${label}: receipt total`).toBe(payment.amountKopecks);
      expect(receipt.operation, `${label}: operation`).toBe(receipt.documentOperation);
      expect(receipt.fiscalJobId, `${label}: receipt of its job`).toBe(payment.jobId);
      expect(receipt.registerOrganizationId, `${label}: register of its own organization`).toBe(
        payment.organizationId,
      );
    }
  }

  // The database and the FNs tell the same story, document by document.
  const claimed = new Map<string, ReceiptRow>();
  for (const receipt of receipts) {
    const key = `${receipt.fnNumber}/${receipt.fdNumber}`;
    expect(claimed.has(key), `FD ${key} claimed once`).toBe(false);
    claimed.set(key, receipt);
    const device = subject.devices.find((d) => d.fnNumber === receipt.fnNumber);
    expect(
      device,
      `receipt ${receipt.id}: FN ${receipt.fnNumber} is one of the simulated devices`,
    ).toBeDefined();
    expect(receipt.registerId, `receipt ${receipt.id}: register of FN ${receipt.fnNumber}`).toBe(
      device!.registerId,
    );
    const record = device!.simulator.document(receipt.fdNumber);
    const kind = receipt.documentIsCorrection ? 'correction' : 'receipt';
    expect(record?.kind, `receipt ${receipt.id}: FD ${key} is a ${kind} in the FN`).toBe(kind);
    expect(
      {
        fiscalSign: receipt.fiscalSign,
        total: receipt.totalKopecks,
        time: receipt.deviceTime,
        operation: receipt.operation,
      },
      `receipt ${receipt.id}: FD ${key} as the FN recorded it`,
    ).toEqual({
      fiscalSign: String(record!.fiscalSign),
      total: record!.totalKopecks,
      time: formatLocalMinute(device!.simulator.clock.local(record!.at)),
      operation: OPERATION_NAME[record!.operation ?? 0] ?? `operation ${record!.operation}`,
    });
  }
  let fnReceipts = 0;
  for (const device of subject.devices) {
    for (const record of [...device.simulator.receipts(), ...device.simulator.corrections()]) {
      fnReceipts++;
      const key = `${device.fnNumber}/${record.fdNumber}`;
      expect(
        claimed.get(key),
        `FN receipt ${key} (${record.totalKopecks} kop.) belongs to a payment`,
      ).toBeDefined();
    }
  }
  expect(fnReceipts, 'receipts in the FNs = receipt rows').toBe(receipts.length);

  expect(await subject.verifyJournal(), 'the receipt journal verifies').toMatchObject({
    ok: true,
    entries: receipts.length,
  });

  const resolutions: Record<string, number> = {};
  for (const receipt of receipts)
    resolutions[receipt.resolution] = (resolutions[receipt.resolution] ?? 0) + 1;
  return {
    payments: payments.length,
    receipts: receipts.length,
    jobsByState: jobsByState(db),
    resolutions,
  };
}

function jobsByState(db: Db): Record<JobState, number> {
  const counts: Record<JobState, number> = { pending: 0, sending: 0, done: 0, outcome_unknown: 0, failed: 0 };
  const rows = db.prepare('SELECT state, count(*) AS n FROM fiscal_job GROUP BY state').all() as {
    state: JobState;
    n: number;
  }[];
  for (const row of rows) counts[row.state] = row.n;
  return counts;
}
