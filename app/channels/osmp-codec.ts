// The OSMP/QIWI provider protocol, provider side (research/billing.md §1.1; https://developer.qiwi.com/ru/qd-qiwi-provider-protocol/):
// command=check|pay|status, txn_id (digits, up to 20), txn_date YYYYMMDDHHMMSS, account, sum with a
// dot; the answer is UTF-8 XML <response><osmp_txn_id/><prv_txn/><sum/><result/><comment/></response>.
// Codes from https://dev.qiwi.com/explain/en/qd-qiwi-provider-protocol/api/errors: 1 and 90 are
// non-fatal (QIWI repeats), the others are final.
import { deviceLocalToUtc } from '../domain/device-time.ts';
import {
  accountProblem,
  amountLimit,
  type ChannelAnswer,
  type ChannelCodec,
  codeOf,
  escapeXml,
  money,
  type ParseResult,
  positiveAmount,
  wallClock,
} from './channel-codec.ts';
import type { CodeTable } from './channel-outcomes.ts';
import type { ChannelSettings } from './channel-settings.ts';

export const OSMP_CODES: CodeTable = {
  ok: 0,
  // A repeated pay answers success with the original prv_txn (ABillS, NoDeny: research §1.1).
  duplicate: 0,
  temporary: 1,
  in_progress: 90,
  unknown_action: 300,
  bad_account: 4,
  account_not_found: 5,
  account_inactive: 79,
  forbidden: 7,
  technical: 8,
  bad_txn_id: 300,
  bad_amount: 300,
  amount_too_small: 241,
  amount_too_large: 242,
  bad_date: 300,
  txn_conflict: 300,
  unknown_txn: 300,
  cannot_check: 243,
  access_denied: 300,
  internal: 300,
};

const TXN_ID = /^\d{1,20}$/;
const TXN_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

function refuse(answer: Omit<ChannelAnswer, 'message'> & { message: string }): ParseResult {
  return { ok: false, answer };
}

export function parseOsmp(params: Readonly<Record<string, string>>, settings: ChannelSettings): ParseResult {
  const command = params.command;
  const txnId = params.txn_id;
  const echo = txnId !== undefined && TXN_ID.test(txnId) ? txnId : undefined;
  if (command !== 'check' && command !== 'pay' && command !== 'status')
    return refuse({
      outcome: 'unknown_action',
      message: 'command: ожидается check, pay или status',
      txnId: echo,
    });
  if (txnId === undefined || !TXN_ID.test(txnId))
    return refuse({ outcome: 'bad_txn_id', message: 'txn_id: ожидается от 1 до 20 цифр' });
  if (command === 'status') return { ok: true, request: { action: 'status', txnId } };

  const account = params.account;
  const problem = accountProblem(account, settings);
  if (problem !== undefined) return refuse({ outcome: 'bad_account', message: `account: ${problem}`, txnId });

  const sum = params.sum;
  let amountKopecks: number | undefined;
  if (sum !== undefined || command === 'pay') {
    amountKopecks = positiveAmount(sum);
    if (amountKopecks === undefined)
      return refuse({
        outcome: 'bad_amount',
        message: 'sum: ожидается сумма больше нуля с точкой, например 10.45',
        txnId,
      });
    const limit = amountLimit(amountKopecks, settings);
    if (limit) return refuse({ ...limit, message: `sum: ${limit.message}`, txnId, amountKopecks });
  }
  if (command === 'check') {
    return { ok: true, request: { action: 'check', txnId, account: account!, amountKopecks } };
  }

  const txnDate = params.txn_date;
  const parts = txnDate === undefined ? null : TXN_DATE.exec(txnDate);
  const local = parts
    ? wallClock(...(parts.slice(1).map(Number) as [number, number, number, number, number, number]))
    : undefined;
  if (local === undefined)
    return refuse({ outcome: 'bad_date', message: 'txn_date: ожидается дата ГГГГММДДЧЧММСС', txnId });
  return {
    ok: true,
    request: {
      action: 'pay',
      txnId,
      account: account!,
      amountKopecks: amountKopecks!,
      txnDate: txnDate!,
      paidAt: deviceLocalToUtc(local, settings.timezone),
    },
  };
}

export function renderOsmp(answer: ChannelAnswer, settings: ChannelSettings): Buffer {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<response>'];
  if (answer.txnId !== undefined) lines.push(`<osmp_txn_id>${escapeXml(answer.txnId)}</osmp_txn_id>`);
  if (answer.boxTxnId !== undefined) lines.push(`<prv_txn>${answer.boxTxnId}</prv_txn>`);
  if (answer.amountKopecks !== undefined) lines.push(`<sum>${money(answer.amountKopecks)}</sum>`);
  lines.push(`<result>${codeOf(OSMP_CODES, answer.outcome, settings)}</result>`);
  lines.push(`<comment>${escapeXml(answer.message)}</comment>`, '</response>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}

export const osmpCodec: ChannelCodec = {
  secretParam: 'secret',
  parse: parseOsmp,
  render: (answer, settings) => ({
    body: renderOsmp(answer, settings),
    contentType: 'text/xml; charset=utf-8',
  }),
  code: (outcome, settings) => codeOf(OSMP_CODES, outcome, settings),
};
