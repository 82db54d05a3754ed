// The ATOL Online v4 report of a document (`GET /<group>/report/<uuid>`, and the body POSTed to its
// callback_url): built from the payment's fiscal job and its receipt in the journal. Shape and field
// meaning: API_atol_online_v4.pdf §"Получение результата обработки документа", as transcribed in
// skodnik/atol-online:data/api/schemas/v4-FFD-1.05/response/document_processing_result.json and the
// sample responseSuccessFiscalization.json; ili/atol-online:AtolOnline/ReportPayload.cs names the tags.
// ABillS reads payload.fiscal_document_number, fiscal_document_attribute and receipt_datetime
// (anphsw/abills:Abills/modules/Extreceipt/API/Atol.pm get_info).
import { createHash } from 'node:crypto';
import type { PaymentView } from '../payments/payment-views.ts';
import type { AtolDocumentRow } from '../storage/atol-document-repository.ts';
import type { AtolErrorJson } from './atol-errors.ts';
import { rublesOfKopecks } from './atol-money.ts';
import { atolTime, atolTimeOfLocal } from './atol-time.ts';

export interface AtolReportPayload {
  /** Тег 1020, rubles. */
  total: number;
  /** Тег 1060. */
  fns_site: string;
  /** Тег 1041. */
  fn_number: string;
  /** Тег 1038. */
  shift_number: number;
  /** Тег 1012, `dd.MM.yyyy HH:mm:ss` in the register's local time. */
  receipt_datetime: string;
  /** Тег 1042. */
  fiscal_receipt_number: number;
  /** Тег 1040. */
  fiscal_document_number: number;
  /** Тег 1037. */
  ecr_registration_number: string;
  /** Тег 1077. */
  fiscal_document_attribute: number;
}

export interface AtolReport {
  uuid: string;
  error: AtolErrorJson | null;
  status: 'wait' | 'done' | 'fail';
  payload: AtolReportPayload | null;
  timestamp: string;
  group_code: string;
  daemon_code: string;
  device_code: string;
  external_id: string;
  callback_url: string;
}

export interface ReportFacts {
  document: AtolDocumentRow;
  groupCode: string;
  view: PaymentView;
  /** The box's time zone, for `timestamp`. */
  timeZone: string;
  now: Date;
  receiptNumberInShift: (fnNumber: string, shiftNumber: number, fdNumber: number) => number;
  deviceSerial: (registerId: number) => string | undefined;
}

/** The address of the tax service's site, тег 1060, as registers print it since 2019. */
export const FNS_SITE = 'www.nalog.gov.ru';
/** ATOL names the process that drove the register; ours is the box. */
export const DAEMON_CODE = 'kassabox';

/** A stable error_id for a failed document, so the report and its callback name the same error. */
function errorIdOf(uuid: string): string {
  const hex = createHash('sha256').update(`atol-fail:${uuid}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function buildAtolReport(facts: ReportFacts): AtolReport {
  const { document, view } = facts;
  const registerId = view.receipt?.registerId ?? view.job?.registerId ?? null;
  const base = {
    uuid: document.uuid,
    timestamp: atolTime(facts.now, facts.timeZone),
    group_code: facts.groupCode,
    daemon_code: DAEMON_CODE,
    device_code: registerId === null ? '' : (facts.deviceSerial(registerId) ?? `register-${registerId}`),
    external_id: document.externalId,
    // ATOL answers "" when the request had no callback (responseSuccessFiscalization.json).
    callback_url: document.callbackUrl ?? '',
  };
  const receipt = view.receipt;
  if (receipt !== undefined) {
    const shiftNumber = receipt.shiftNumber ?? 0;
    return {
      ...base,
      status: 'done',
      error: null,
      payload: {
        total: rublesOfKopecks(receipt.totalKopecks),
        fns_site: FNS_SITE,
        fn_number: receipt.fnNumber,
        shift_number: shiftNumber,
        receipt_datetime: atolTimeOfLocal(receipt.deviceTime),
        fiscal_receipt_number: facts.receiptNumberInShift(receipt.fnNumber, shiftNumber, receipt.fdNumber),
        fiscal_document_number: receipt.fdNumber,
        // The box does not read the registration number (РН ККТ) from the device yet; ATOL clients
        // store it as text, so an empty string is kept rather than a made-up number.
        ecr_registration_number: '',
        fiscal_document_attribute: Number(receipt.fiscalSign),
      },
    };
  }
  if (view.job?.state === 'failed') {
    return {
      ...base,
      status: 'fail',
      payload: null,
      // A refusal by the register is a "driver" error in ATOL's terms (kkt-errors.csv of
      // skodnik/atol-online); 15 is its "Неизвестная ошибка" — the text says what the register said.
      error: {
        error_id: errorIdOf(document.uuid),
        code: 15,
        text: view.job.lastError ?? 'Касса не зарегистрировала чек.',
        type: 'driver',
      },
    };
  }
  // pending, sending, outcome_unknown (the box is finding out from the FN): still "wait" for ATOL.
  return { ...base, status: 'wait', error: null, payload: null };
}
