// The billing's own QIWI/OSMP provider endpoint, called the way QIWI calls it (research/billing.md
// §1.1; https://developer.qiwi.com/ru/qd-qiwi-provider-protocol/): GET <url>?command=check|pay|status
// &txn_id&txn_date&account&sum, answered with <response><osmp_txn_id/><prv_txn/><sum/><result/>
// <comment/></response>. One adapter covers every billing that ships such an endpoint:
//   ABillS Paysys  /paysys_check.cgi (Paysys OSMP module; account field $conf{PAYSYS_OSMP_ACCOUNT_KEY},
//                  Basic auth $conf{PAYSYS_OSMP_LOGIN}/{PAYSYS_OSMP_PASSWD}) — §4.1.3
//   BGBilling mps  /bgbilling/mpsexecuter/<mid>/<mpsId> with mps.<id>.protocol=osmp, Basic auth
//                  mps.<id>.login/passw (do NOT enable the payOnCheck extension: a check would pay) — §4.4
//   UTM5, Carbon   built-in OSMP payment handlers (Carbon: http://<billing>:1444/osmp.php) — §4.2, §4.6
//   NoDeny         qiwi.pl (txn_id must match ^\d{1,20}$) — §4.7
// The billing must let the box's address in (these endpoints usually allow only QIWI's subnets).
import { type Static, Type } from 'typebox';
import {
  type BillingAdapter,
  BillingError,
  type BillingPayment,
  type FindAccountResult,
  type PostPaymentInput,
  refuseBadAmount,
} from './billing-adapter.ts';
import {
  type BillingHttpRequest,
  basicAuthorization,
  billingRequest,
  DEFAULT_BILLING_TIMEOUT_MS,
  refuseHttpStatus,
} from './billing-http.ts';
import { DEFAULT_BILLING_TIME_ZONE, formatWallTime } from './billing-time.ts';
import { kopecksToText, parseMoneyText } from './money-text.ts';
import { type OsmpAnswer, parseOsmpAnswer, payRefusal, readCheckAnswer } from './osmp-client-answer.ts';

export const OsmpClientSettingsSchema = Type.Object(
  {
    url: Type.String({
      pattern: '^https?://',
      description: "The billing's QIWI-provider endpoint, e.g. https://billing.example/paysys_check.cgi",
    }),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
    time_zone: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Time zone of txn_date as the billing reads it (QIWI sends Moscow time); Europe/Moscow',
      }),
    ),
  },
  { additionalProperties: false },
);
export type OsmpClientSettings = Static<typeof OsmpClientSettingsSchema>;

export const OsmpClientSecretsSchema = Type.Object(
  {
    username: Type.Optional(Type.String({ description: 'Basic auth user, when the endpoint asks for one' })),
    password: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type OsmpClientSecrets = Static<typeof OsmpClientSecretsSchema>;

// A pure account check still has to look like QIWI's check: ABillS answers 300 to a check without
// `sum` ("Qiwi testing, check if exist param sum", galeksandrp/abills:Abills/modules/Paysys/
// paysys_check.cgi, sub osmp_payments) and NoDeny wants a numeric txn_id. Neither records a check, so
// a fixed id and one ruble ask only "can this account take a payment?".
const CHECK_TXN_ID = '1';
const CHECK_SUM = '1.00';
// QIWI's txn_id is digits; NoDeny refuses anything but ^\d{1,20}$ (kolodovskyy/nodeny-qiwi:qiwi.pl).
const TXN_ID = /^\d{1,20}$/;

export class OsmpClientAdapter implements BillingAdapter {
  readonly kind = 'osmp' as const;
  readonly #settings: OsmpClientSettings;
  readonly #secrets: OsmpClientSecrets;

  constructor(settings: OsmpClientSettings, secrets: OsmpClientSecrets = {}) {
    this.#settings = settings;
    this.#secrets = secrets;
  }

  async findAccount(account: string): Promise<FindAccountResult> {
    const answer = await this.#call('check', { txn_id: CHECK_TXN_ID, account, sum: CHECK_SUM }, false);
    return readCheckAnswer(answer, account);
  }

  async postPayment(input: PostPaymentInput): Promise<BillingPayment> {
    if (!TXN_ID.test(input.idempotencyKey)) {
      throw new BillingError(
        'rejected',
        `OSMP pay: txn_id must be 1–20 digits, got "${input.idempotencyKey}"`,
      );
    }
    refuseBadAmount('OSMP pay', input.amountKopecks);
    const sum = kopecksToText(input.amountKopecks);
    const answer = await this.#call(
      'pay',
      {
        txn_id: input.idempotencyKey,
        txn_date: this.#txnDate(input.paidAt),
        account: input.account,
        sum,
      },
      true,
    );
    if (answer.result !== 0) throw payRefusal(answer);
    if (!answer.prvTxn) {
      // Result 0 says it is recorded, but without its id we cannot report it: ask status (or re-post
      // the same txn_id, which every billing answers with the first payment) before anything else.
      throw new BillingError('protocol', 'OSMP pay: result 0 without prv_txn', { outcomeKnown: false });
    }
    // A repeated txn_id is answered 0 with the first payment (the idempotent success, §1.1); if the
    // billing says it recorded another sum, that earlier payment is not this one.
    const recorded = answer.sum === undefined ? undefined : parseMoneyText(answer.sum);
    if (recorded !== undefined && recorded !== input.amountKopecks) {
      throw new BillingError(
        'rejected',
        `OSMP pay: txn_id ${input.idempotencyKey} is recorded with sum ${answer.sum}, not ${sum}`,
      );
    }
    return {
      billingPaymentId: answer.prvTxn,
      idempotencyKey: input.idempotencyKey,
      account: input.account,
      amountKopecks: input.amountKopecks,
    };
  }

  /**
   * command=status is an extension (ABillS' Osmp plugin test sends it; the public paysys_check.cgi
   * answers 300 to it). Only result 0 with prv_txn and sum is a found payment; 1/90 are temporary;
   * any other answer means "not known here" → undefined. That is safe for OSMP: every billing
   * de-duplicates pay by txn_id (§1.1 "Idempotency"), so re-posting the same key cannot pay twice.
   */
  async getPayment(idempotencyKey: string): Promise<BillingPayment | undefined> {
    if (!TXN_ID.test(idempotencyKey)) return undefined;
    const answer = await this.#call('status', { txn_id: idempotencyKey }, false);
    if (answer.result === 1 || answer.result === 90) throw payRefusal(answer);
    if (answer.result !== 0 || !answer.prvTxn) return undefined;
    const amountKopecks = answer.sum === undefined ? undefined : parseMoneyText(answer.sum);
    if (amountKopecks === undefined) {
      throw new BillingError(
        'protocol',
        `OSMP status: result 0 without a readable sum (got "${answer.sum ?? ''}")`,
      );
    }
    return { billingPaymentId: answer.prvTxn, idempotencyKey, account: answer.account ?? '', amountKopecks };
  }

  #txnDate(paidAt: Date): string {
    const zone = this.#settings.time_zone ?? DEFAULT_BILLING_TIME_ZONE;
    try {
      // YYYYMMDDHHMMSS: ABillS and NoDeny read it with six (\d{n}) groups (§1.1).
      return formatWallTime(paidAt, zone, 'compact');
    } catch (error) {
      // A configuration mistake the operator can fix; keep the payment and retry afterwards.
      throw new BillingError('unavailable', `OSMP pay: unknown time_zone "${zone}" in the settings`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    // fetch's pooled sockets belong to the process-wide dispatcher; nothing of ours to close.
  }

  async #call(command: string, params: Record<string, string>, posts: boolean): Promise<OsmpAnswer> {
    const url = new URL(this.#settings.url);
    url.searchParams.set('command', command);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const authorization = basicAuthorization(this.#secrets.username, this.#secrets.password);
    const request: BillingHttpRequest = {
      url,
      headers: authorization ? { authorization, accept: 'text/xml' } : { accept: 'text/xml' },
      timeoutMs: this.#settings.timeout_ms ?? DEFAULT_BILLING_TIMEOUT_MS,
      what: `OSMP ${command}`,
      posts,
    };
    const answer = await billingRequest(request);
    if (answer.status !== 200) refuseHttpStatus(answer, request);
    return parseOsmpAnswer(answer.text, request.what, posts);
  }
}
