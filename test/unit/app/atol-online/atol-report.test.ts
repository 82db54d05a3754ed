// The report of a document from its payment's job and receipt: wait while the box is still at it
// (pending, sending, outcome_unknown), done with the FN's data, fail with ATOL's error object.
import { describe, expect, it } from 'vitest';
import { buildAtolReport, type ReportFacts } from '../../../../app/atol-online/atol-report.ts';
import type { PaymentView } from '../../../../app/payments/payment-views.ts';
import type { FiscalJobRow, JobState } from '../../../../app/storage/fiscal-job-repository.ts';
import type { ReceiptRow } from '../../../../app/storage/receipt-repository.ts';

const DOCUMENT = {
  uuid: '5f1c2a9e-8b1d-4c5e-9f00-0a1b2c3d4e5f',
  groupId: 1,
  operation: 'sell' as const,
  externalId: 'pay-7',
  paymentId: 7,
  requestJson: '{}',
  callbackUrl: null,
  createdAt: '2026-11-22T10:00:00.000Z',
};

function job(state: JobState, lastError: string | null = null): FiscalJobRow {
  return { id: 3, paymentId: 7, registerId: 2, state, lastError } as FiscalJobRow;
}

const RECEIPT = {
  registerId: 2,
  fnNumber: '9999078900010000',
  fdNumber: 134,
  fiscalSign: '3449555941',
  shiftNumber: 23,
  totalKopecks: 159999,
  deviceTime: '2026-11-22T13:16',
} as ReceiptRow;

function facts(view: Partial<PaymentView>): ReportFacts {
  return {
    document: DOCUMENT,
    groupCode: 'grp',
    view: { payment: { id: 7 } as PaymentView['payment'], job: undefined, receipt: undefined, ...view },
    timeZone: 'Europe/Moscow',
    now: new Date('2026-11-22T10:20:30.000Z'),
    receiptNumberInShift: () => 6,
    deviceSerial: () => '0000000000012345',
  };
}

describe('buildAtolReport', () => {
  it('waits while the job is pending, sending or of unknown outcome', () => {
    for (const state of ['pending', 'sending', 'outcome_unknown'] as const) {
      expect(buildAtolReport(facts({ job: job(state) }))).toEqual({
        uuid: DOCUMENT.uuid,
        status: 'wait',
        error: null,
        payload: null,
        timestamp: '22.11.2026 13:20:30',
        group_code: 'grp',
        daemon_code: 'kassabox',
        device_code: '0000000000012345',
        external_id: 'pay-7',
        callback_url: '',
      });
    }
  });

  it('is done with the receipt: rubles, the FN, FD, ФП as a number, the device time in ATOL form', () => {
    const report = buildAtolReport(facts({ job: job('done'), receipt: RECEIPT }));
    expect(report.status).toBe('done');
    expect(report.error).toBeNull();
    expect(report.payload).toEqual({
      total: 1599.99,
      fns_site: 'www.nalog.gov.ru',
      fn_number: '9999078900010000',
      shift_number: 23,
      receipt_datetime: '22.11.2026 13:16:00',
      fiscal_receipt_number: 6,
      fiscal_document_number: 134,
      ecr_registration_number: '',
      fiscal_document_attribute: 3449555941,
    });
  });

  it('fails with a driver error carrying what the register said, the same error_id every time', () => {
    const first = buildAtolReport(facts({ job: job('failed', 'ФН: смена превысила 24 часа') }));
    expect(first).toMatchObject({
      status: 'fail',
      payload: null,
      error: { code: 15, type: 'driver', text: 'ФН: смена превысила 24 часа' },
    });
    expect(buildAtolReport(facts({ job: job('failed') })).error?.error_id).toBe(first.error?.error_id);
  });
});
