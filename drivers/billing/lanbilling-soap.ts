// LANBilling through the SOAP API of its core (research/billing.md §4.3; WSDL
// igormelz/lanbilling-payment-gateway:src/main/resources/wsdl/api3.wsdl — namespace urn:api3, child
// elements unqualified; calls as that gateway makes them, ru/openfs/lbpay/lbsoap/LbSoapService.java):
//   Login(login, pass)                         → session cookie "sessnum=…", sent as Cookie afterwards
//   GetExternAccount(id = search type, str)     → ret{account, agreements[{agrmid, number, balance, closedon}]}
//   ExternPayment(id, str, val: soapPayment{amount, paydate, receipt, comment, classid, currid, modperson},
//                 operid, notexists=1)          → ret = record_id; a receipt used before → SOAP fault
//                                                 "… already exists (record_id = N)"
//   ExternCheckPayment(receipt)                 → ret{pay{recordid, amount, receipt, …}, amountcurr}
// Element names are those the gateway's JAXB classes were generated from (Login, GetExternAccount,
// ExternPayment, ExternCheckPayment, Logout); the WSDL mixes cases (getAccount, GetRentedEquipmentServices)
// and these four were not located in it, so check them against the installation's WSDL on first setup.
// Search types (LbCodeExternType.java): 5 = agreement number (agreements.number), 1 = account login,
// 10 = account uid, 11 = agreement id, 6 = agreement code. What LANBilling must have: a manager for the
// box (Объекты → Менеджеры, flag «Внешняя платёжная система», https://docs.lanbilling.ru/39/payments/
// tune/add_payment_system) whose login/password go into the connection, and the box allowed to reach
// the SOAP port of lbcore (by default 127.0.0.1:34012, so usually through the web server's /soap proxy).
import { type Static, Type } from 'typebox';
import {
  type BillingAdapter,
  BillingError,
  type BillingPayment,
  type FindAccountResult,
  foundAccount,
  type PostPaymentInput,
  refuseBadAmount,
} from './billing-adapter.ts';
import {
  type BillingHttpRequest,
  billingRequest,
  DEFAULT_BILLING_TIMEOUT_MS,
  refuseHttpStatus,
} from './billing-http.ts';
import { DEFAULT_BILLING_TIME_ZONE, formatWallTime } from './billing-time.ts';
import { envelope, firstOf, listOf, readEnvelope, type SoapAnswer } from './lanbilling-soap-envelope.ts';
import { kopecksToText, parseMoneyText } from './money-text.ts';
import { escapeXml, xmlChild, xmlText } from './xml-answer.ts';

export const LanbillingSoapSettingsSchema = Type.Object(
  {
    url: Type.String({
      pattern: '^https?://',
      description: 'The LANBilling SOAP endpoint, e.g. https://billing.example/soap',
    }),
    login: Type.String({ minLength: 1, description: "The box's LANBilling manager login" }),
    account_search: Type.Integer({
      minimum: 0,
      description: 'GetExternAccount/ExternPayment search type: 5 = agreement number, 1 = login, 10 = uid',
    }),
    class_id: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Payment category (classid); 0 by default' }),
    ),
    currency_id: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Currency (currid); 0 = the agreement currency' }),
    ),
    time_zone: Type.Optional(
      Type.String({ minLength: 1, description: "The billing's time zone; Europe/Moscow" }),
    ),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
  },
  { additionalProperties: false },
);
export type LanbillingSoapSettings = Static<typeof LanbillingSoapSettingsSchema>;

export const LanbillingSoapSecretsSchema = Type.Object(
  { password: Type.String({ minLength: 1, description: "The manager's password" }) },
  { additionalProperties: false },
);
export type LanbillingSoapSecrets = Static<typeof LanbillingSoapSecretsSchema>;

const DUPLICATE_RECEIPT = /already exists \(record_id = (\d+)\)/;
const NOT_FOUND = /not found|не найден/i;
// lbcore answers a call without a valid session with a fault; log in again once and repeat.
const SESSION_LOST = /session|authori[sz]|not logged|сесси|авториз/i;

export class LanbillingSoapAdapter implements BillingAdapter {
  readonly kind = 'lanbilling' as const;
  readonly #settings: LanbillingSoapSettings;
  readonly #secrets: LanbillingSoapSecrets;
  #session: string | undefined;

  constructor(settings: LanbillingSoapSettings, secrets: LanbillingSoapSecrets) {
    this.#settings = settings;
    this.#secrets = secrets;
  }

  async findAccount(account: string): Promise<FindAccountResult> {
    if (account.trim() === '') return { found: false, reason: 'bad_format', message: 'an empty account' };
    const answer = await this.#call(
      'GetExternAccount',
      `<id>${this.#settings.account_search}</id><str>${escapeXml(account)}</str>`,
      false,
    );
    if (answer.fault !== undefined) {
      if (NOT_FOUND.test(answer.fault)) return notFound(account, answer.fault);
      throw new BillingError('unavailable', `LANBilling GetExternAccount: ${answer.fault}`);
    }
    const ret = firstOf(answer.body?.ret);
    if (!ret) return notFound(account, 'no account');
    const agreements = listOf(ret.agreements);
    const agreement = agreements.find((a) => xmlText(a, 'number') === account) ?? agreements[0];
    if (!agreement) return notFound(account, 'the account has no agreement');
    const closedOn = xmlText(agreement, 'closedon') ?? '';
    if (closedOn.trim() !== '') {
      return {
        found: false,
        reason: 'inactive',
        message: `LANBilling agreement ${account} is closed since ${closedOn}`,
      };
    }
    const holder = xmlChild(ret, 'account');
    const name = nonEmpty(xmlText(holder, 'abonentname')) ?? nonEmpty(xmlText(holder, 'name'));
    const balance = parseMoneyText(xmlText(agreement, 'balance') ?? '');
    return foundAccount(account, name, balance);
  }

  async postPayment(input: PostPaymentInput): Promise<BillingPayment> {
    refuseBadAmount('LANBilling payment', input.amountKopecks);
    const payment = [
      `<amount>${kopecksToText(input.amountKopecks)}</amount>`,
      `<paydate>${this.#payDate(input.paidAt)}</paydate>`,
      `<receipt>${escapeXml(input.idempotencyKey)}</receipt>`,
      `<comment>${escapeXml(input.comment)}</comment>`,
      `<classid>${this.#settings.class_id ?? 0}</classid>`,
      `<currid>${this.#settings.currency_id ?? 0}</currid>`,
      '<modperson>0</modperson>',
    ].join('');
    const args =
      `<id>${this.#settings.account_search}</id><str>${escapeXml(input.account)}</str>` +
      `<val>${payment}</val><operid>0</operid><notexists>1</notexists>`;
    const answer = await this.#call('ExternPayment', args, true);
    const result = {
      idempotencyKey: input.idempotencyKey,
      account: input.account,
      amountKopecks: input.amountKopecks,
    };
    if (answer.fault !== undefined) {
      // The receipt is LANBilling's idempotency key: the payment posted under it before is this one.
      const duplicate = DUPLICATE_RECEIPT.exec(answer.fault);
      if (duplicate) return { ...result, billingPaymentId: duplicate[1]! };
      throw new BillingError('rejected', `LANBilling ExternPayment: ${answer.fault}`);
    }
    const recordId = xmlText(answer.body, 'ret');
    if (recordId === undefined || !/^\d+$/.test(recordId) || recordId === '0') {
      throw new BillingError(
        'protocol',
        `LANBilling ExternPayment: no record_id in the answer ("${recordId ?? ''}")`,
        {
          outcomeKnown: false,
        },
      );
    }
    return { ...result, billingPaymentId: recordId };
  }

  async getPayment(idempotencyKey: string): Promise<BillingPayment | undefined> {
    const answer = await this.#call(
      'ExternCheckPayment',
      `<receipt>${escapeXml(idempotencyKey)}</receipt>`,
      false,
    );
    if (answer.fault !== undefined) {
      if (NOT_FOUND.test(answer.fault)) return undefined;
      throw new BillingError('unavailable', `LANBilling ExternCheckPayment: ${answer.fault}`);
    }
    const ret = firstOf(answer.body?.ret);
    const pay = xmlChild(ret, 'pay');
    const recordId = xmlText(pay, 'recordid');
    if (!pay || recordId === undefined || recordId === '0' || recordId === '') return undefined;
    const amountKopecks = parseMoneyText(xmlText(pay, 'amount') ?? xmlText(ret, 'amountcurr') ?? '');
    if (amountKopecks === undefined) {
      throw new BillingError(
        'protocol',
        `LANBilling ExternCheckPayment: payment ${recordId} has no readable amount`,
      );
    }
    return {
      billingPaymentId: recordId,
      idempotencyKey,
      account: xmlText(ret, 'agrmnum') ?? xmlText(pay, 'agrmid') ?? '',
      amountKopecks,
    };
  }

  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    // Best effort: lbcore drops idle sessions by itself.
    await this.#send('Logout', '', false, session).catch(() => undefined);
  }

  #payDate(paidAt: Date): string {
    const zone = this.#settings.time_zone ?? DEFAULT_BILLING_TIME_ZONE;
    try {
      return formatWallTime(paidAt, zone, 'sql');
    } catch (error) {
      throw new BillingError('unavailable', `LANBilling: unknown time_zone "${zone}" in the settings`, {
        cause: error,
      });
    }
  }

  async #call(operation: string, args: string, posts: boolean): Promise<SoapAnswer> {
    const hadSession = this.#session !== undefined;
    const session = this.#session ?? (await this.#login());
    let answer = await this.#send(operation, args, posts, session);
    if (answer.fault !== undefined && SESSION_LOST.test(answer.fault) && hadSession) {
      // The fault says the call was refused, so repeating it (even a payment) cannot post twice.
      this.#session = undefined;
      answer = await this.#send(operation, args, posts, await this.#login());
    }
    if (answer.fault !== undefined && SESSION_LOST.test(answer.fault)) {
      this.#session = undefined;
      throw new BillingError('unavailable', `LANBilling ${operation}: ${answer.fault}`);
    }
    return answer;
  }

  async #login(): Promise<string> {
    const args = `<login>${escapeXml(this.#settings.login)}</login><pass>${escapeXml(this.#secrets.password)}</pass>`;
    const { answer, cookie } = await this.#exchange('Login', args, false, undefined);
    if (answer.fault !== undefined) {
      throw new BillingError(
        'unavailable',
        `LANBilling refused the login of manager "${this.#settings.login}": ${answer.fault}; check the login and password`,
      );
    }
    const session = /(sessnum=[^;,\s]+)/.exec(cookie ?? '')?.[1];
    if (!session) throw new BillingError('protocol', 'LANBilling Login: the answer set no sessnum cookie');
    this.#session = session;
    return session;
  }

  async #send(
    operation: string,
    args: string,
    posts: boolean,
    session: string | undefined,
  ): Promise<SoapAnswer> {
    return (await this.#exchange(operation, args, posts, session)).answer;
  }

  async #exchange(operation: string, args: string, posts: boolean, session: string | undefined) {
    const request: BillingHttpRequest = {
      url: new URL(this.#settings.url),
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        // The WSDL binding declares soapAction="" for every operation.
        soapaction: '""',
        ...(session ? { cookie: session } : {}),
      },
      body: envelope(operation, args),
      timeoutMs: this.#settings.timeout_ms ?? DEFAULT_BILLING_TIMEOUT_MS,
      what: `LANBilling ${operation}`,
      posts,
    };
    const http = await billingRequest(request);
    // SOAP 1.1 answers faults with HTTP 500 and a Fault body; anything else not 200 is transport trouble.
    const looksLikeSoap = http.text.includes('Envelope');
    if (http.status !== 200 && !(http.status === 500 && looksLikeSoap)) refuseHttpStatus(http, request);
    return {
      answer: await readEnvelope(http.text, operation, posts),
      cookie: http.headers.get('set-cookie') ?? undefined,
    };
  }
}

function notFound(account: string, why: string): FindAccountResult {
  return { found: false, reason: 'not_found', message: `LANBilling has no account ${account} (${why})` };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
