// A minimal ATOL Online v4 client written from the public API description (API_atol_online_v4.pdf:
// getToken with {login, pass}; the token in the `Token` header; POST <group>/<operation> with
// Content-Type application/json; charset=utf-8; GET <group>/report/<uuid>), as a billing would use it
// against ATOL's cloud — pointed at the box by its base URL only. Also a callback receiver: the HTTP
// server a billing runs at service.callback_url, on 127.0.0.1 port 0.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COMPANY_INN } from './api-fixtures.ts';

export interface AtolAnswer {
  httpStatus: number;
  // biome-ignore lint/suspicious/noExplicitAny: ATOL's JSON, read by the tests field by field
  json: any;
}

export class AtolOnlineClient {
  private token: string | undefined;
  private readonly baseUrl: string;
  private readonly login: string;
  private readonly pass: string;
  private readonly groupCode: string;

  /** baseUrl as configured in a billing, e.g. `http://127.0.0.1:8443/possystem/v4/`. */
  constructor(options: { baseUrl: string; login: string; pass: string; groupCode: string }) {
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.login = options.login;
    this.pass = options.pass;
    this.groupCode = options.groupCode;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<AtolAnswer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    if (this.token !== undefined) headers.token = this.token;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { httpStatus: response.status, json: await response.json() };
  }

  async getToken(): Promise<AtolAnswer> {
    const answer = await this.call('POST', 'getToken', { login: this.login, pass: this.pass });
    if (answer.json.error === null) this.token = answer.json.token;
    return answer;
  }

  /** sell, sell_refund, sell_correction, buy, buy_refund, buy_correction. */
  async register(operation: string, request: object): Promise<AtolAnswer> {
    if (this.token === undefined) await this.getToken();
    return this.call('POST', `${this.groupCode}/${operation}`, request);
  }

  sell(request: object): Promise<AtolAnswer> {
    return this.register('sell', request);
  }

  report(uuid: string): Promise<AtolAnswer> {
    return this.call('GET', `${this.groupCode}/report/${uuid}`);
  }
}

export interface CallbackReceiver {
  url: string;
  /** Bodies received, parsed, in order. */
  received: unknown[];
  close(): Promise<void>;
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startAtolCallbackReceiver(): Promise<CallbackReceiver> {
  const received: unknown[] = [];
  const server = createServer(async (request, response) => {
    received.push(JSON.parse(await bodyOf(request)));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/atol-callback`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A sell (or refund, correction…) request as a billing sends it: one service paid in full, no VAT,
 * for the test organization (COMPANY_INN). API_atol_online_v4.pdf, "Регистрация документа".
 */
export function atolSellBody(
  externalId: string,
  rubles = 1599.99,
  callbackUrl = 'https://billing.example/atol-callback',
) {
  return {
    external_id: externalId,
    timestamp: '22.11.2026 13:00:00',
    service: { callback_url: callbackUrl },
    receipt: {
      client: { email: 'Customer@Example.ru', phone: '' },
      company: {
        email: 'isp@example.ru',
        sno: 'usn_income',
        inn: COMPANY_INN,
        payment_address: 'https://isp.example',
      },
      items: [
        {
          name: 'Оплата услуг связи',
          price: rubles,
          quantity: 1,
          sum: rubles,
          measurement_unit: 'шт',
          payment_method: 'full_prepayment',
          payment_object: 'service',
          vat: { type: 'none' },
        },
      ],
      payments: [{ type: 1, sum: rubles }],
      vats: [{ type: 'none', sum: 0 }],
      total: rubles,
    },
  };
}
