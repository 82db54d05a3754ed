// A billing's QIWI/OSMP provider endpoint (research/billing.md §1.1), as ABillS' paysys_check.cgi,
// BGBilling mps or NoDeny's qiwi.pl answer it: command=check|pay|status by GET query or urlencoded
// POST, XML <response>. Payments are kept by txn_id: a repeated pay answers 0 with the first prv_txn
// (the idempotency every billing implements). Scriptable through the shared fake server's knobs.
import { kopecksToText, parseMoneyText } from '../../../drivers/billing/money-text.ts';
import { escapeXml } from '../../../drivers/billing/xml-answer.ts';
import {
  basicAuthMatches,
  type FakeOutcome,
  type FakeReply,
  type FakeRequest,
  type FakeServerControls,
  serverControls,
  startFakeHttpServer,
} from './fake-http-server.ts';

export interface QiwiFakeAccount {
  account: string;
  active?: boolean;
  name?: string;
  balanceKopecks?: number;
}

export interface QiwiFakePayment {
  txnId: string;
  prvTxn: string;
  account: string;
  amountKopecks: number;
  txnDate: string;
}

export interface QiwiProviderFakeOptions {
  accounts?: QiwiFakeAccount[];
  /** When set, requests without this Basic auth get 401 (as paysys_check.cgi with PAYSYS_OSMP_LOGIN). */
  basicAuth?: { username: string; password: string };
  /** Accounts not matching answer 4; default 1–20 letters or digits. */
  accountPattern?: RegExp;
  /** false: command=status answers 300 like the public paysys_check.cgi. Default true. */
  answersStatus?: boolean;
  /** Path of the endpoint; default /paysys_check.cgi. */
  path?: string;
}

export interface QiwiProviderFake extends FakeServerControls {
  /** The endpoint's full URL, for OsmpClientSettings.url. */
  url: string;
  /** The next pay is recorded, then its connection is destroyed without an answer. */
  loseNextPayAnswer(): void;
  setAccount(account: QiwiFakeAccount): void;
  payments(): QiwiFakePayment[];
}

const CODE_TEXT: Record<number, string> = {
  0: 'OK',
  1: 'Temporary error',
  4: 'Wrong account format',
  5: 'Account not found',
  79: 'Account is not active',
  241: 'Sum too small',
  300: 'Other error',
};

export async function startQiwiProviderFake(
  options: QiwiProviderFakeOptions = {},
): Promise<QiwiProviderFake> {
  const accounts = new Map((options.accounts ?? []).map((a) => [a.account, a]));
  const payments = new Map<string, QiwiFakePayment>();
  const pattern = options.accountPattern ?? /^[0-9A-Za-z]{1,20}$/;
  const path = options.path ?? '/paysys_check.cgi';
  let loseNextPay = false;
  let nextPrvTxn = 1001;

  const handle = (request: FakeRequest): FakeOutcome => {
    if (
      options.basicAuth &&
      !basicAuthMatches(request, options.basicAuth.username, options.basicAuth.password)
    ) {
      return {
        status: 401,
        body: 'Access Deny',
        contentType: 'text/html',
        headers: { 'www-authenticate': 'Basic' },
      };
    }
    const url = new URL(request.url, 'http://fake');
    if (url.pathname !== path) return { status: 404, body: 'Not Found', contentType: 'text/html' };
    const params = request.method === 'POST' ? new URLSearchParams(request.body) : url.searchParams;
    const get = (name: string) => params.get(name) ?? '';
    const txnId = get('txn_id');
    const command = get('command');
    if (command === 'status') {
      if (options.answersStatus === false) return answer({ result: 300, osmp_txn_id: txnId });
      const payment = payments.get(txnId);
      if (!payment) return answer({ result: 5, osmp_txn_id: txnId, comment: 'Payment not found' });
      return answer({ ...paymentFields(payment), account: payment.account, result: 0 });
    }
    if (command !== 'check' && command !== 'pay') return answer({ result: 300, comment: 'Unknown command' });
    if (!/^\d{1,20}$/.test(txnId)) return answer({ result: 300, osmp_txn_id: txnId, comment: 'Bad txn_id' });
    const amountKopecks = parseMoneyText(get('sum'));
    if (amountKopecks === undefined) return answer({ result: 300, osmp_txn_id: txnId, comment: 'Bad sum' });
    if (command === 'pay') {
      const earlier = payments.get(txnId);
      if (earlier) return answer({ ...paymentFields(earlier), result: 0 });
    }
    const account = get('account');
    const refusal = accountRefusal(account);
    if (refusal !== 0) return answer({ result: refusal, osmp_txn_id: txnId });
    if (amountKopecks <= 0) return answer({ result: 241, osmp_txn_id: txnId });
    if (command === 'check') {
      const known = accounts.get(account)!;
      const balance = kopecksToText(known.balanceKopecks ?? 0);
      return answer({ result: 0, osmp_txn_id: txnId, comment: `Balance: ${balance} ${known.name ?? ''} ` });
    }
    if (!/^\d{14}$/.test(get('txn_date')))
      return answer({ result: 300, osmp_txn_id: txnId, comment: 'Bad txn_date' });
    const payment = { txnId, prvTxn: String(nextPrvTxn++), account, amountKopecks, txnDate: get('txn_date') };
    payments.set(txnId, payment);
    if (loseNextPay) {
      loseNextPay = false;
      return 'lose';
    }
    return answer({ ...paymentFields(payment), result: 0 });
  };

  const accountRefusal = (account: string): number => {
    if (!pattern.test(account)) return 4;
    const known = accounts.get(account);
    if (!known) return 5;
    return known.active === false ? 79 : 0;
  };

  const server = await startFakeHttpServer(handle, () => answer({ result: 1 }));
  return {
    url: `${server.base}${path}`,
    ...serverControls(server),
    loseNextPayAnswer() {
      loseNextPay = true;
    },
    setAccount(account) {
      accounts.set(account.account, account);
    },
    payments: () => [...payments.values()],
  };
}

function paymentFields(payment: QiwiFakePayment) {
  return { osmp_txn_id: payment.txnId, prv_txn: payment.prvTxn, sum: kopecksToText(payment.amountKopecks) };
}

function answer(fields: Record<string, string | number>): FakeReply {
  const all = { comment: CODE_TEXT[Number(fields.result)] ?? '', ...fields };
  const body = Object.entries(all)
    .map(([name, value]) => `  <${name}>${escapeXml(String(value))}</${name}>`)
    .join('\n');
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n${body}\n</response>\n` };
}
