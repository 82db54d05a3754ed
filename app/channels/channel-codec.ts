// What a protocol codec turns a notification into, and what it turns back into XML. Codecs are pure
// (osmp-codec.ts, sberbank-codec.ts): parameters in, a request or a refusal out; an answer in, bytes
// out. Everything that needs the database or the billing lives in channel-service.ts.
import { kopecksToText, parseMoneyText } from '../../drivers/billing/money-text.ts';
import type { ChannelOutcome, CodeTable } from './channel-outcomes.ts';
import type { ChannelSettings } from './channel-settings.ts';

export type ChannelRequest =
  | { action: 'check'; txnId: string | undefined; account: string; amountKopecks: number | undefined }
  | {
      action: 'pay';
      txnId: string;
      account: string;
      amountKopecks: number;
      /** The channel's date as sent. */
      txnDate: string;
      /** The instant it means in the channel's time zone. */
      paidAt: Date;
    }
  | { action: 'status'; txnId: string };

export interface ChannelAnswer {
  outcome: ChannelOutcome;
  /** OSMP comment / Sberbank MESSAGE: says which parameter is wrong, or why. */
  message: string;
  /** The channel's transaction id, echoed (OSMP osmp_txn_id). */
  txnId?: string | undefined;
  /** The box id of the transaction: OSMP prv_txn, Sberbank EXT_ID. */
  boxTxnId?: number;
  amountKopecks?: number | undefined;
  /** When the box registered the payment (Sberbank REG_DATE). */
  registeredAt?: Date;
  /** The subscriber's name and balance, on a check (Sberbank FIO, BALANCE). */
  name?: string | undefined;
  balanceKopecks?: number | undefined;
}

export type ParseResult = { ok: true; request: ChannelRequest } | { ok: false; answer: ChannelAnswer };

export interface RenderedAnswer {
  body: Buffer;
  contentType: string;
}

export interface ChannelCodec {
  /** The parameter that carries the channel's shared secret, never logged. */
  readonly secretParam: string;
  parse(params: Readonly<Record<string, string>>, settings: ChannelSettings): ParseResult;
  render(answer: ChannelAnswer, settings: ChannelSettings): RenderedAnswer;
  /** The code the answer carries (for logs and tests). */
  code(outcome: ChannelOutcome, settings: ChannelSettings): number;
}

export function codeOf(table: CodeTable, outcome: ChannelOutcome, settings: ChannelSettings): number {
  return settings.codes[outcome] ?? table[outcome];
}

export function escapeXml(text: string): string {
  return text
    .replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function money(kopecks: number): string {
  return kopecksToText(kopecks);
}

/** A readable account: 1 to 64 characters, no control characters or spaces around. */
export function accountProblem(account: string | undefined, settings: ChannelSettings): string | undefined {
  if (account === undefined || account === '') return 'не указан';
  if (account.length > 64 || /[\u0000-\u001f\u007f]/.test(account) || account.trim() !== account)
    return 'должен быть от 1 до 64 символов без пробелов по краям';
  if (settings.accountPattern && !settings.accountPattern.test(account))
    return `не соответствует формату лицевого счёта (${settings.accountPattern.source})`;
  return undefined;
}

// Both protocols write rubles with a dot and at most two decimals (OSMP sum, Sberbank AMOUNT).
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/** The amount a channel sent, in kopecks; undefined unless it is written as above and more than zero. */
export function positiveAmount(text: string | undefined): number | undefined {
  const kopecks = text !== undefined && AMOUNT.test(text) ? parseMoneyText(text) : undefined;
  return kopecks !== undefined && kopecks > 0 ? kopecks : undefined;
}

/** The amount limits of the channel: undefined when the amount may be taken. */
export function amountLimit(
  kopecks: number,
  settings: ChannelSettings,
): { outcome: 'amount_too_small' | 'amount_too_large'; message: string } | undefined {
  if (settings.minAmountKopecks !== undefined && kopecks < settings.minAmountKopecks)
    return { outcome: 'amount_too_small', message: `сумма меньше ${money(settings.minAmountKopecks)}` };
  if (settings.maxAmountKopecks !== undefined && kopecks > settings.maxAmountKopecks)
    return { outcome: 'amount_too_large', message: `сумма больше ${money(settings.maxAmountKopecks)}` };
  return undefined;
}

/** A wall-clock date in the channel's zone, checked field by field (no 31.02 rolling into March). */
export function wallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second ||
    year < 2000
  )
    return undefined;
  return date.toISOString().slice(0, 19);
}
