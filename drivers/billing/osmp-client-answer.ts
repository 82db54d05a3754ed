// Reading a billing's OSMP answer: the <response> element, its result code (research/billing.md §1.1
// table, reconciled from https://dev.qiwi.com/explain/en/qd-qiwi-provider-protocol/api/errors and the
// billings' own handlers) and what each code means for a check and for a pay.
import {
  type AccountRefusal,
  BillingError,
  type FindAccountResult,
  foundAccount,
} from './billing-adapter.ts';
import { parseMoneyText } from './money-text.ts';
import { excerpt, parseXmlAnswer, xmlChild, xmlText } from './xml-answer.ts';

export interface OsmpAnswer {
  result: number;
  comment?: string;
  prvTxn?: string;
  sum?: string;
  /** Echoed by status answers that carry it. */
  account?: string;
  /** Pegas-style check answers (ABillS with PAYSYS_PEGAS) carry these as elements. */
  fio?: string;
  balance?: string;
}

interface CodeMeaning {
  text: string;
  /** What a check answered with this code says about the account; 'temporary' → unavailable. */
  check: AccountRefusal | 'temporary' | 'error';
}

export const OSMP_RESULT_CODES: Readonly<Record<number, CodeMeaning>> = {
  1: { text: 'temporary error, repeat later', check: 'temporary' },
  4: { text: 'wrong account format', check: 'bad_format' },
  5: { text: 'account not found', check: 'not_found' },
  7: { text: 'payments refused by the provider', check: 'forbidden' },
  8: { text: 'payments refused for technical reasons', check: 'forbidden' },
  79: { text: 'account is not active', check: 'inactive' },
  90: { text: 'payment not finished yet', check: 'temporary' },
  // On a check these come from the fixed one-ruble sum or the account's own limits: payments to this
  // account cannot go through as asked, which the channel reports as refused.
  241: { text: 'sum too small', check: 'forbidden' },
  242: { text: 'sum too large', check: 'forbidden' },
  243: { text: 'cannot check the account state', check: 'forbidden' },
  300: { text: 'other provider error', check: 'error' },
};

export async function parseOsmpAnswer(text: string, what: string, posts: boolean): Promise<OsmpAnswer> {
  const document = await parseXmlAnswer(text, what, posts);
  // An empty <response/> parses as '', not as an element without children.
  const response = xmlChild(document, 'response') ?? (document.response === '' ? {} : undefined);
  const unreadable = (why: string) =>
    new BillingError('protocol', `${what}: ${why}: ${excerpt(text)}`, { outcomeKnown: !posts });
  if (!response) throw unreadable('the answer has no <response> element');
  const result = xmlText(response, 'result');
  if (result === undefined || !/^\d{1,4}$/.test(result)) {
    throw unreadable(
      result === undefined ? 'the answer has no <result>' : `<result> is not a code ("${result}")`,
    );
  }
  return {
    result: Number(result),
    comment: nonEmpty(xmlText(response, 'comment')),
    prvTxn: nonEmpty(xmlText(response, 'prv_txn')),
    sum: nonEmpty(xmlText(response, 'sum')),
    account: nonEmpty(xmlText(response, 'account')),
    fio: nonEmpty(xmlText(response, 'fio')),
    balance: nonEmpty(xmlText(response, 'balance')),
  };
}

export function readCheckAnswer(answer: OsmpAnswer, account: string): FindAccountResult {
  if (answer.result === 0) return accountFrom(answer, account);
  const meaning = OSMP_RESULT_CODES[answer.result];
  if (!meaning) throw unknownCode(answer, 'OSMP check', true);
  if (meaning.check === 'temporary') throw new BillingError('unavailable', describe('OSMP check', answer));
  if (meaning.check === 'error') throw new BillingError('rejected', describe('OSMP check', answer));
  return { found: false, reason: meaning.check, message: describe('OSMP check', answer) };
}

/** The error for a pay (or status) answered with a non-zero result. */
export function payRefusal(answer: OsmpAnswer): BillingError {
  const meaning = OSMP_RESULT_CODES[answer.result];
  if (!meaning) return unknownCode(answer, 'OSMP pay', false);
  // 90 "not finished": the billing has the payment in hand; ask before posting again.
  if (answer.result === 90)
    return new BillingError('unavailable', describe('OSMP pay', answer), { outcomeKnown: false });
  if (meaning.check === 'temporary') return new BillingError('unavailable', describe('OSMP pay', answer));
  return new BillingError('rejected', describe('OSMP pay', answer));
}

function unknownCode(answer: OsmpAnswer, what: string, outcomeKnown: boolean): BillingError {
  return new BillingError('protocol', `${what}: unknown result code ${answer.result}${commentOf(answer)}`, {
    outcomeKnown,
  });
}

function describe(what: string, answer: OsmpAnswer): string {
  const meaning = OSMP_RESULT_CODES[answer.result]?.text ?? 'unknown code';
  return `${what}: result ${answer.result} (${meaning})${commentOf(answer)}`;
}

function commentOf(answer: OsmpAnswer): string {
  return answer.comment ? `: ${answer.comment}` : '';
}

// ABillS' check comment is "Balance: <deposit> <fio> " (paysys_check.cgi, sub osmp_payments); Pegas
// mode and others send <balance> and <fio>. Both are optional extras; the account alone is enough.
const ABILLS_BALANCE_COMMENT = /^Balance:\s*(-?\d+(?:\.\d+)?)\s*(.*)$/;

function accountFrom(answer: OsmpAnswer, account: string): FindAccountResult {
  let name = answer.fio;
  let balance = answer.balance === undefined ? undefined : parseMoneyText(answer.balance);
  const fromComment =
    answer.comment === undefined ? null : ABILLS_BALANCE_COMMENT.exec(answer.comment.trim());
  if (fromComment) {
    balance ??= parseMoneyText(fromComment[1] ?? '');
    name ??= nonEmpty(fromComment[2]);
  }
  return foundAccount(account, name, balance);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
