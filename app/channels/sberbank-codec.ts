// Sberbank protocol №1, provider side (research/billing.md §1.2, the bank's "Типовой протокол
// Сбербанка_1_v1.docx" in itpanda-llc/mikbill-sberbank-eps-api@e7262f34): ACTION=check|payment,
// ACCOUNT, AMOUNT (dot), PAY_ID (positive long), PAY_DATE DD.MM.YYYY_HH24:MI:SS in the bank's zone.
// The answer is XML <response><CODE/><MESSAGE/>…</response> in UTF-8 or windows-1251; a payment
// repeated after a lost answer expects CODE 8 with the original EXT_ID, REG_DATE and AMOUNT (as
// igormelz/lanbilling-payment-gateway SberOnlineResponse.java@6ab0212d does). Some billings use
// lower-case names and their own numbering, hence settings.param_case and settings.codes.
import { deviceLocalToUtc, utcToDeviceLocal } from '../domain/device-time.ts';
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
import { encodeWindows1251 } from './windows-1251.ts';

export const SBERBANK_CODES: CodeTable = {
  ok: 0,
  duplicate: 8,
  temporary: 1,
  in_progress: 1,
  unknown_action: 2,
  account_not_found: 3,
  bad_account: 4,
  account_inactive: 5,
  bad_txn_id: 6,
  forbidden: 7,
  technical: 7,
  bad_amount: 9,
  amount_too_small: 10,
  amount_too_large: 11,
  bad_date: 12,
  txn_conflict: 300,
  unknown_txn: 300,
  cannot_check: 300,
  access_denied: 300,
  internal: 300,
};

const PAY_ID = /^\d{1,20}$/;
const PAY_DATE = /^(\d{2})\.(\d{2})\.(\d{4})_(\d{2}):(\d{2}):(\d{2})$/;

function name(settings: ChannelSettings, upper: string): string {
  return settings.paramCase === 'lower' ? upper.toLowerCase() : upper;
}

export function parseSberbank(
  params: Readonly<Record<string, string>>,
  settings: ChannelSettings,
): ParseResult {
  const p = (upper: string) => params[name(settings, upper)];
  const action = p('ACTION');
  if (action !== 'check' && action !== 'payment')
    return {
      ok: false,
      answer: {
        outcome: 'unknown_action',
        message: `${name(settings, 'ACTION')}: ожидается check или payment`,
      },
    };
  const account = p('ACCOUNT');
  const problem = accountProblem(account, settings);
  if (problem !== undefined)
    return {
      ok: false,
      answer: { outcome: 'bad_account', message: `${name(settings, 'ACCOUNT')}: ${problem}` },
    };
  if (action === 'check')
    return {
      ok: true,
      request: { action: 'check', txnId: undefined, account: account!, amountKopecks: undefined },
    };

  const amountText = p('AMOUNT');
  const amountKopecks = positiveAmount(amountText);
  if (amountKopecks === undefined)
    return {
      ok: false,
      answer: {
        outcome: 'bad_amount',
        message: `${name(settings, 'AMOUNT')}: ожидается сумма больше нуля с точкой, например 340.24`,
      },
    };
  const limit = amountLimit(amountKopecks, settings);
  if (limit)
    return { ok: false, answer: { ...limit, message: `${name(settings, 'AMOUNT')}: ${limit.message}` } };
  const payId = p('PAY_ID');
  if (payId === undefined || !PAY_ID.test(payId) || /^0+$/.test(payId))
    return {
      ok: false,
      answer: {
        outcome: 'bad_txn_id',
        message: `${name(settings, 'PAY_ID')}: ожидается положительное число до 20 цифр`,
      },
    };
  const payDate = p('PAY_DATE');
  const parts = payDate === undefined ? null : PAY_DATE.exec(payDate);
  const local = parts
    ? wallClock(
        Number(parts[3]),
        Number(parts[2]),
        Number(parts[1]),
        Number(parts[4]),
        Number(parts[5]),
        Number(parts[6]),
      )
    : undefined;
  if (local === undefined)
    return {
      ok: false,
      answer: {
        outcome: 'bad_date',
        message: `${name(settings, 'PAY_DATE')}: ожидается ДД.ММ.ГГГГ_ЧЧ:ММ:СС`,
      },
    };
  return {
    ok: true,
    request: {
      action: 'pay',
      txnId: payId,
      account: account!,
      amountKopecks,
      txnDate: payDate!,
      paidAt: deviceLocalToUtc(local, settings.timezone),
    },
  };
}

/** An instant as the bank writes dates: DD.MM.YYYY_HH24:MI:SS in the channel's zone. */
export function sberbankDate(instant: Date, timezone: string): string {
  const [date, time] = utcToDeviceLocal(instant, timezone).split('T') as [string, string];
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}_${time}`;
}

export function renderSberbank(answer: ChannelAnswer, settings: ChannelSettings): Buffer {
  const lines = [`<?xml version="1.0" encoding="${settings.encoding}"?>`, '<response>'];
  lines.push(`<CODE>${codeOf(SBERBANK_CODES, answer.outcome, settings)}</CODE>`);
  lines.push(`<MESSAGE>${escapeXml(answer.message)}</MESSAGE>`);
  if (answer.boxTxnId !== undefined) lines.push(`<EXT_ID>${answer.boxTxnId}</EXT_ID>`);
  if (answer.registeredAt !== undefined)
    lines.push(`<REG_DATE>${sberbankDate(answer.registeredAt, settings.timezone)}</REG_DATE>`);
  if (answer.amountKopecks !== undefined) lines.push(`<AMOUNT>${money(answer.amountKopecks)}</AMOUNT>`);
  if (answer.name !== undefined) lines.push(`<FIO>${escapeXml(answer.name)}</FIO>`);
  if (answer.balanceKopecks !== undefined) lines.push(`<BALANCE>${money(answer.balanceKopecks)}</BALANCE>`);
  lines.push('</response>', '');
  const text = lines.join('\n');
  return settings.encoding === 'windows-1251' ? encodeWindows1251(text) : Buffer.from(text, 'utf8');
}

export const sberbankCodec: ChannelCodec = {
  secretParam: 'secret',
  parse: parseSberbank,
  render: (answer, settings) => ({
    body: renderSberbank(answer, settings),
    contentType: `text/xml; charset=${settings.encoding}`,
  }),
  code: (outcome, settings) => codeOf(SBERBANK_CODES, outcome, settings),
};
