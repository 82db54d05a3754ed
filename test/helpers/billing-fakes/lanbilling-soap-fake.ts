// LANBilling's SOAP API (urn:api3) as the adapter uses it (research/billing.md §4.3): Login sets a
// sessnum cookie that every other call needs; GetExternAccount by agreement number (search type 5);
// ExternPayment keyed by receipt, a repeat answered with the fault "… already exists (record_id = N)";
// ExternCheckPayment by receipt. SOAP 1.1: faults come with HTTP 500.
import { XMLParser } from 'fast-xml-parser';
import { kopecksToText, parseMoneyText } from '../../../drivers/billing/money-text.ts';
import { escapeXml } from '../../../drivers/billing/xml-answer.ts';
import {
  type FakeOutcome,
  type FakeReply,
  type FakeRequest,
  type FakeServerControls,
  serverControls,
  startFakeHttpServer,
} from './fake-http-server.ts';

export interface LanbillingFakeAgreement {
  number: string;
  name?: string;
  balanceKopecks?: number;
  /** A close date makes the agreement inactive. */
  closedOn?: string;
}

export interface LanbillingFakePayment {
  recordId: number;
  agreement: string;
  amountKopecks: number;
  receipt: string;
  paydate: string;
  comment: string;
  classid: string;
}

export interface LanbillingSoapFakeOptions {
  agreements?: LanbillingFakeAgreement[];
  login?: string;
  password?: string;
}

export interface LanbillingSoapFake extends FakeServerControls {
  url: string;
  login: string;
  password: string;
  loseNextPayAnswer(): void;
  /** Forget every session, as lbcore does after a restart or a timeout. */
  expireSessions(): void;
  payments(): LanbillingFakePayment[];
  /** The operation of each request, in order (Login, GetExternAccount…). */
  operations(): string[];
}

type Node = Record<string, unknown>;
const AGREEMENT_NUMBER = 5;

export async function startLanbillingSoapFake(
  options: LanbillingSoapFakeOptions = {},
): Promise<LanbillingSoapFake> {
  const login = options.login ?? 'kassabox';
  const password = options.password ?? 'lb-secret';
  const agreements = options.agreements ?? [];
  const payments: LanbillingFakePayment[] = [];
  const sessions = new Set<string>();
  const operations: string[] = [];
  const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });
  let nextRecord = 501;
  let nextSession = 1;
  let loseNextPay = false;

  const handle = (request: FakeRequest): FakeOutcome => {
    const body = (parser.parse(request.body) as Node)?.Envelope as Node | undefined;
    const call = (body?.Body ?? {}) as Node;
    const operation = Object.keys(call)[0] ?? '';
    const args = (call[operation] ?? {}) as Node;
    operations.push(operation);
    const text = (name: string) => String(args[name] ?? '');
    if (operation === 'Login') {
      if (text('login') !== login || text('pass') !== password) return fault('Authorization failed');
      const session = `sessnum=s${nextSession++}x`;
      sessions.add(session);
      return { ...response('Login', '<ret>1</ret>'), headers: { 'set-cookie': `${session}; path=/` } };
    }
    if (!sessions.has(request.headers.cookie ?? '')) return fault('Session not found, not authorized');
    if (operation === 'Logout') return response('Logout', '');
    if (operation === 'GetExternAccount') {
      const found = findAgreement(Number(text('id')), text('str'));
      if (!found) return fault(`Account not found (${text('str')})`);
      return response(
        'GetExternAccount',
        `<ret><account><uid>7</uid><name>${escapeXml(found.name ?? '')}</name></account>` +
          `<agreements><agrmid>70</agrmid><number>${escapeXml(found.number)}</number>` +
          `<balance>${kopecksToText(found.balanceKopecks ?? 0)}</balance><closedon>${found.closedOn ?? ''}</closedon></agreements>` +
          '<addresses><address>Москва</address></addresses></ret>',
      );
    }
    if (operation === 'ExternPayment') {
      const val = (args.val ?? {}) as Node;
      const receipt = String(val.receipt ?? '');
      const earlier = payments.find((p) => p.receipt === receipt);
      if (earlier) {
        return fault(`Payment with receipt "${receipt}" already exists (record_id = ${earlier.recordId})`);
      }
      const found = findAgreement(Number(text('id')), text('str'));
      if (!found) return fault(`Agreement not found (${text('str')})`);
      const amountKopecks = parseMoneyText(String(val.amount ?? ''));
      if (amountKopecks === undefined || amountKopecks <= 0) return fault('Wrong amount');
      const payment = {
        recordId: nextRecord++,
        agreement: found.number,
        amountKopecks,
        receipt,
        paydate: String(val.paydate ?? ''),
        comment: String(val.comment ?? ''),
        classid: String(val.classid ?? ''),
      };
      payments.push(payment);
      found.balanceKopecks = (found.balanceKopecks ?? 0) + amountKopecks;
      if (loseNextPay) {
        loseNextPay = false;
        return 'lose';
      }
      return response('ExternPayment', `<ret>${payment.recordId}</ret>`);
    }
    if (operation === 'ExternCheckPayment') {
      const payment = payments.find((p) => p.receipt === text('receipt'));
      if (!payment) return fault('Payment not found');
      return response(
        'ExternCheckPayment',
        `<ret><pay><recordid>${payment.recordId}</recordid><agrmid>70</agrmid><amount>${kopecksToText(payment.amountKopecks)}</amount>` +
          `<receipt>${escapeXml(payment.receipt)}</receipt><paydate>${payment.paydate}</paydate><localdate>${payment.paydate}</localdate></pay>` +
          `<agrmnum>${escapeXml(payment.agreement)}</agrmnum><amountcurr>${kopecksToText(payment.amountKopecks)}</amountcurr></ret>`,
      );
    }
    return fault(`Unknown method ${operation}`);
  };

  const findAgreement = (searchType: number, value: string) =>
    searchType === AGREEMENT_NUMBER ? agreements.find((a) => a.number === value) : undefined;

  const server = await startFakeHttpServer(handle, () => ({
    status: 503,
    body: 'Service Unavailable',
    contentType: 'text/html',
  }));
  return {
    url: `${server.base}/soap`,
    ...serverControls(server),
    login,
    password,
    loseNextPayAnswer() {
      loseNextPay = true;
    },
    expireSessions: () => sessions.clear(),
    payments: () => payments.map((p) => ({ ...p })),
    operations: () => [...operations],
  };
}

function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" ' +
    `xmlns:ns1="urn:api3"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

function response(operation: string, content: string): FakeReply {
  return { status: 200, body: envelope(`<ns1:${operation}Response>${content}</ns1:${operation}Response>`) };
}

function fault(text: string): FakeReply {
  return {
    status: 500,
    body: envelope(
      `<SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>${escapeXml(text)}</faultstring></SOAP-ENV:Fault>`,
    ),
  };
}
