// An ABillS REST API (api.cgi) as the adapter uses it (research/billing.md §4.1.1; shapes from
// anphsw/abills misc/api/admin/*.yaml and Abills/Api/Controllers/Admin/Payments.pm): KEY header,
// GET /users/all/, POST /payments/users/:uid/ (a taken extId with checkExtId → 400 errno 10071
// "Payments error - 7"), GET /payments/ with ABillS search expressions on id, extId and method, sorted
// newest first and cut at pageRows like the real one. Payments live in memory.
import { kopecksToText, parseMoneyText } from '../../../drivers/billing/money-text.ts';
import {
  type FakeOutcome,
  type FakeReply,
  type FakeRequest,
  type FakeServerControls,
  serverControls,
  startFakeHttpServer,
} from './fake-http-server.ts';

export interface AbillsFakeUser {
  uid: number;
  login: string;
  contractId?: string;
  fio?: string;
  depositKopecks?: number;
  /** 0 active; 1 disabled, 2 not activated… */
  disable?: number;
}

export interface AbillsFakePayment {
  id: number;
  uid: number;
  amountKopecks: number;
  method: number;
  extId: string;
  describe: string;
  /** "YYYY-MM-DD HH:MM:SS", billing local time. */
  datetime: string;
}

export interface AbillsRestFakeOptions {
  users?: AbillsFakeUser[];
  apiKey?: string;
  /** Methods the box's administrator may use (admin_payment_type_list); all when unset. */
  allowedMethods?: number[];
}

export interface AbillsRestFake extends FakeServerControls {
  /** The api.cgi URL, for AbillsRestSettings.url. */
  url: string;
  apiKey: string;
  loseNextPayAnswer(): void;
  /** A payment made inside ABillS (cash desk, bank…), for registrar-mode polls. */
  addPayment(
    payment: Omit<AbillsFakePayment, 'id' | 'extId' | 'describe'> & { extId?: string },
  ): AbillsFakePayment;
  payments(): AbillsFakePayment[];
}

export async function startAbillsRestFake(options: AbillsRestFakeOptions = {}): Promise<AbillsRestFake> {
  const apiKey = options.apiKey ?? 'testkey123';
  const users = options.users ?? [];
  const payments: AbillsFakePayment[] = [];
  let nextId = 1;
  let loseNextPay = false;

  const record = (payment: Omit<AbillsFakePayment, 'id'>) => {
    const stored = { ...payment, id: nextId++ };
    payments.push(stored);
    return stored;
  };

  const handle = (request: FakeRequest): FakeOutcome => {
    if (request.headers.key !== apiKey) return json(401, { errno: 10, errstr: 'Access denied' });
    const url = new URL(request.url, 'http://fake');
    const query = url.searchParams;
    const path = url.pathname.replace(/^\/api\.cgi/, '');
    if (request.method === 'GET' && path === '/users/all/') return json(200, findUsers(query));
    const post = /^\/payments\/users\/(\d+)\/$/.exec(path);
    if (request.method === 'POST' && post) return addPayment(Number(post[1]), request.body);
    if (request.method === 'GET' && path === '/payments/') return json(200, listPayments(query));
    return json(404, { errno: 1, errstr: `Unknown path ${path}` });
  };

  const findUsers = (query: URLSearchParams) =>
    users
      .filter(
        (u) =>
          matches(query.get('login'), u.login) &&
          matches(query.get('contractId'), u.contractId ?? '') &&
          matches(query.get('uid'), String(u.uid)),
      )
      .map((u) => ({
        uid: u.uid,
        login: u.login,
        contractId: u.contractId ?? '',
        fio: u.fio ?? '',
        deposit: kopecksToText(u.depositKopecks ?? 0),
        disable: u.disable ?? 0,
      }));

  const addPayment = (uid: number, body: string): FakeOutcome => {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return json(400, { errno: 1000, errstr: 'Bad JSON' });
    }
    // The sum as the JSON text had it: "sum":123.45 → 12345, without a float.
    const sumText = /"sum":\s*([^,}\s]+)/.exec(body)?.[1] ?? '';
    const amountKopecks = parseMoneyText(sumText);
    if (amountKopecks === undefined || amountKopecks <= 0) {
      return json(400, { errno: 10067, errstr: "Wrong param sum, it's empty or must be bigger than zero" });
    }
    const user = users.find((u) => u.uid === uid);
    if (!user) return json(400, { errno: 10069, errstr: `User not found with uid - ${uid} and billId - --` });
    const method = Number(input.method ?? 0);
    if (options.allowedMethods && !options.allowedMethods.includes(method)) {
      return json(400, { errno: 10070, errstr: 'Payment method is not allowed' });
    }
    const extId = typeof input.extId === 'string' ? input.extId : '';
    if (input.checkExtId && payments.some((p) => p.extId === input.checkExtId)) {
      return json(400, { errno: 10071, errstr: 'Payments error - 7, errstr - 7' });
    }
    const payment = record({
      uid,
      amountKopecks,
      method,
      extId,
      describe: String(input.describe ?? ''),
      datetime: '2026-03-01 12:30:15',
    });
    user.depositKopecks = (user.depositKopecks ?? 0) + amountKopecks;
    if (loseNextPay) {
      loseNextPay = false;
      return 'lose';
    }
    return json(200, { insertId: payment.id, paymentId: payment.id, uid });
  };

  const listPayments = (query: URLSearchParams) => {
    const idFilter = query.get('id');
    const extId = query.get('extId');
    const method = query.get('method');
    const pageRows = Number(query.get('pageRows') ?? 25);
    return payments
      .filter((p) => !idFilter || idFilter === '_SHOW' || idMatches(idFilter, p.id))
      .filter((p) => !extId || extId === '_SHOW' || p.extId === extId)
      .filter((p) => !method || method === '_SHOW' || method.split(',').map(Number).includes(p.method))
      .sort((a, b) => b.id - a.id)
      .slice(0, pageRows)
      .map((p) => ({
        id: p.id,
        uid: p.uid,
        login: users.find((u) => u.uid === p.uid)?.login ?? '',
        sum: Number(kopecksToText(p.amountKopecks)),
        method: p.method,
        extId: p.extId,
        dsc: p.describe,
        datetime: p.datetime,
        regDate: p.datetime,
      }));
  };

  const server = await startFakeHttpServer(handle, () => ({
    status: 500,
    body: 'Internal Server Error',
    contentType: 'text/html',
  }));
  return {
    url: `${server.base}/api.cgi`,
    ...serverControls(server),
    apiKey,
    loseNextPayAnswer() {
      loseNextPay = true;
    },
    addPayment: (payment) => record({ extId: '', describe: '', ...payment }),
    payments: () => payments.map((p) => ({ ...p })),
  };
}

function matches(filter: string | null, value: string): boolean {
  return filter === null || filter === '_SHOW' || filter.toLowerCase() === value.toLowerCase();
}

/** ABillS search expressions on an integer: ">5", ">5;<9" (';' = and), "3,4" (',' = or), "7". */
function idMatches(expression: string, id: number): boolean {
  const and = expression.includes(';');
  const terms = expression.split(/[;,]/);
  const results = terms.map((term) => {
    const match = /^(>=|<=|>|<|=)?(\d+)$/.exec(term);
    if (!match) return false;
    const value = Number(match[2]);
    switch (match[1]) {
      case '>':
        return id > value;
      case '>=':
        return id >= value;
      case '<':
        return id < value;
      case '<=':
        return id <= value;
      default:
        return id === value;
    }
  });
  return and ? results.every(Boolean) : results.some(Boolean);
}

function json(status: number, body: unknown): FakeReply {
  return { status, body: JSON.stringify(body), contentType: 'application/json' };
}
