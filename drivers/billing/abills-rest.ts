// ABillS through its REST API (research/billing.md §4.1.1, verified on a live 1.50.01 install, §5.1):
// entry point cgi-bin/api.cgi with the path after it, admin key in the `KEY` header (misc/api/admin.yaml
// securitySchemes), camelCase query keys. What the billing must have:
//   - `$conf{API_ENABLE}=1;` in libexec/config.pl;
//   - an administrator for the box with an API key (admins.api_key), permission to list and add
//     payments (permissions{1}{0}, {1}{1}) and the payment method(s) allowed for it
//     (admin_payment_type_list; `POST /payments/users/:uid/` answers errno 10070 otherwise).
// Calls (anphsw/abills: misc/api/admin/users/paths/usersAll.yaml, misc/api/admin/payments/paths/*.yaml,
// Abills/Api/Controllers/Admin/Payments.pm):
//   GET  /users/all/?login=<x>&fio=_SHOW&deposit=_SHOW&disable=_SHOW   → [] or [{uid, login, fio, deposit, disable}]
//   POST /payments/users/:uid/ {sum, method, describe, extId, checkExtId, skipBillIdCheck}
//        → {paymentId, insertId, uid}; the same extId again → HTTP 400 {errno: 10071, errstr: "Payments error - 7…"}
//   GET  /payments/?extId=<x> and /payments/?id=>N (search expressions: ',' = or, ';' = and) → [{id, uid, sum, …}]

import { isDuplicate, isError, listOf, postError, readError } from './abills-rest-errors.ts';
import { type AbillsRow, billedPaymentFrom, moneyOf, oldestAfter } from './abills-rest-payments.ts';
import type { AbillsRestSecrets, AbillsRestSettings } from './abills-rest-settings.ts';
import {
  type BillingAdapter,
  BillingError,
  type BillingPayment,
  type FindAccountResult,
  foundAccount,
  type PaymentPage,
  type PostPaymentInput,
  refuseBadAmount,
} from './billing-adapter.ts';
import {
  type BillingHttpRequest,
  billingPlace,
  billingRequest,
  DEFAULT_BILLING_TIMEOUT_MS,
  refuseHttpStatus,
} from './billing-http.ts';
import { DEFAULT_BILLING_TIME_ZONE } from './billing-time.ts';
import { kopecksToText } from './money-text.ts';

export {
  type AbillsRestSecrets,
  AbillsRestSecretsSchema,
  type AbillsRestSettings,
  AbillsRestSettingsSchema,
} from './abills-rest-settings.ts';

/** ABillS' own convention is "<SYSTEM>:<txn_id>" in payments.ext_id (§4.1.1), VARCHAR(50). */
export const ABILLS_EXT_ID_PREFIX = 'KASSABOX:';
const QUERY_FIELD = { login: 'login', contract_id: 'contractId', uid: 'uid' } as const;
// Characters ABillS' search_expr reads as operators (LIKE, or, and, comparisons): an account with
// them would match other users.
const SEARCH_OPERATORS = /[*,;<>=!]/;

export class AbillsRestAdapter implements BillingAdapter {
  readonly kind = 'abills' as const;
  readonly #settings: AbillsRestSettings;
  readonly #secrets: AbillsRestSecrets;

  constructor(settings: AbillsRestSettings, secrets: AbillsRestSecrets) {
    this.#settings = settings;
    this.#secrets = secrets;
  }

  async findAccount(account: string): Promise<FindAccountResult> {
    const found = await this.#findUser(account);
    if ('reason' in found) return { found: false, ...found };
    const { user } = found;
    if (Number(user.disable ?? 0) !== 0) {
      return {
        found: false,
        reason: 'inactive',
        message: `ABillS user ${account} is disabled (disable=${user.disable})`,
      };
    }
    const balance = moneyOf(user.deposit);
    const name = typeof user.fio === 'string' && user.fio.trim() !== '' ? user.fio.trim() : undefined;
    return foundAccount(account, name, balance);
  }

  async postPayment(input: PostPaymentInput): Promise<BillingPayment> {
    refuseBadAmount('ABillS payment', input.amountKopecks);
    const extId = ABILLS_EXT_ID_PREFIX + input.idempotencyKey;
    if (extId.length > 50 || SEARCH_OPERATORS.test(extId)) {
      throw new BillingError(
        'rejected',
        `ABillS payment: idempotency key "${input.idempotencyKey}" cannot be an extId`,
      );
    }
    const found = await this.#findUser(input.account);
    if ('reason' in found) throw new BillingError('rejected', `ABillS payment: ${found.message}`);
    const uid = String(found.user.uid);
    // The sum goes out as a JSON number written from integer kopecks, never through a float.
    const fields = JSON.stringify({
      method: this.#settings.payment_method,
      describe: input.comment,
      extId,
      checkExtId: extId,
      skipBillIdCheck: 1,
    });
    const body = `{"sum":${kopecksToText(input.amountKopecks)},${fields.slice(1)}`;
    const answer = await this.#call('POST', `/payments/users/${encodeURIComponent(uid)}/`, {}, body);
    const payment: BillingPayment = {
      billingPaymentId: '',
      idempotencyKey: input.idempotencyKey,
      account: input.account,
      amountKopecks: input.amountKopecks,
    };
    if (isError(answer.json)) {
      if (!isDuplicate(answer.json)) throw postError(answer.json);
      // The extId is taken: this key was posted before (its answer lost, or a retry). Report that payment.
      const earlier = await this.getPayment(input.idempotencyKey);
      if (!earlier) {
        throw new BillingError(
          'unavailable',
          `ABillS payment: extId ${extId} is taken but cannot be listed yet`,
          {
            outcomeKnown: false,
          },
        );
      }
      if (earlier.amountKopecks !== input.amountKopecks) {
        throw new BillingError(
          'rejected',
          `ABillS payment: extId ${extId} is recorded with sum ${kopecksToText(earlier.amountKopecks)}, not ${kopecksToText(input.amountKopecks)}`,
        );
      }
      return { ...payment, billingPaymentId: earlier.billingPaymentId };
    }
    const record = answer.json as Record<string, unknown>;
    const id = record.paymentId ?? record.payment_id ?? record.insertId ?? record.insert_id;
    if (typeof id !== 'number' && typeof id !== 'string') {
      throw new BillingError('protocol', `ABillS payment: the answer has no paymentId`, {
        outcomeKnown: false,
      });
    }
    return { ...payment, billingPaymentId: String(id) };
  }

  async getPayment(idempotencyKey: string): Promise<BillingPayment | undefined> {
    const extId = ABILLS_EXT_ID_PREFIX + idempotencyKey;
    if (SEARCH_OPERATORS.test(extId)) return undefined;
    const answer = await this.#call('GET', '/payments/', {
      extId,
      id: '_SHOW',
      uid: '_SHOW',
      login: '_SHOW',
      sum: '_SHOW',
      pageRows: '10',
    });
    const rows = listOf(answer.json, 'ABillS payment lookup');
    const row = rows
      .filter((r) => r.extId === undefined || r.extId === extId)
      .sort((a, b) => Number(a.id) - Number(b.id))[0];
    if (!row) return undefined;
    const amountKopecks = moneyOf(row.sum);
    if (amountKopecks === undefined) {
      throw new BillingError(
        'protocol',
        `ABillS payment lookup: payment ${String(row.id)} has no readable sum`,
      );
    }
    return {
      billingPaymentId: String(row.id),
      idempotencyKey,
      account: String(row.login ?? row.uid ?? ''),
      amountKopecks,
    };
  }

  async paymentsAfter(cursor: string | undefined, limit: number): Promise<PaymentPage> {
    const after = cursor === undefined ? (this.#settings.start_after_id ?? 0) : Number(cursor);
    if (!Number.isSafeInteger(after) || after < 0) {
      throw new BillingError('protocol', `ABillS poll: the cursor "${cursor}" is not a payment id`);
    }
    const methods = this.#settings.poll_methods;
    const rows = await oldestAfter(after, limit, (idFilter) =>
      this.#call('GET', '/payments/', {
        id: idFilter,
        ...(methods ? { method: methods.join(',') } : { method: '_SHOW' }),
        uid: '_SHOW',
        login: '_SHOW',
        sum: '_SHOW',
        datetime: '_SHOW',
        regDate: '_SHOW',
        extId: '_SHOW',
        pageRows: String(limit),
      }).then((answer) => listOf(answer.json, 'ABillS poll')),
    );
    const zone = this.#settings.time_zone ?? DEFAULT_BILLING_TIME_ZONE;
    const cash = new Set(this.#settings.cash_methods ?? [0]);
    const payments = rows.flatMap((row) => billedPaymentFrom(row, { zone, cash, methods }));
    const last = rows.at(-1);
    return { payments, cursor: String(last ? Number(last.id) : after) };
  }

  async close(): Promise<void> {
    // fetch's pooled sockets belong to the process-wide dispatcher; nothing of ours to close.
  }

  async #findUser(
    account: string,
  ): Promise<{ user: AbillsRow } | { reason: 'not_found' | 'bad_format'; message: string }> {
    const field = this.#settings.account_field;
    if (
      account.trim() === '' ||
      SEARCH_OPERATORS.test(account) ||
      (field === 'uid' && !/^\d{1,10}$/.test(account))
    ) {
      return { reason: 'bad_format', message: `"${account}" is not a valid ABillS ${field}` };
    }
    const queryField = QUERY_FIELD[field];
    const answer = await this.#call('GET', '/users/all/', {
      [queryField]: account,
      uid: field === 'uid' ? account : '_SHOW',
      fio: '_SHOW',
      deposit: '_SHOW',
      disable: '_SHOW',
    });
    if (isError(answer.json)) throw readError(answer.json, 'ABillS user lookup');
    // MySQL compares case-insensitively; anything else would be another user.
    const exact = listOf(answer.json, 'ABillS user lookup').filter(
      (row) => String(row[queryField] ?? '').toLowerCase() === account.toLowerCase(),
    );
    if (exact.length === 0)
      return { reason: 'not_found', message: `ABillS has no user with ${field} ${account}` };
    if (exact.length > 1) {
      throw new BillingError(
        'rejected',
        `ABillS has ${exact.length} users with ${field} ${account}; use a unique field`,
      );
    }
    return { user: exact[0]! };
  }

  async #call(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; json: unknown }> {
    const url = new URL(this.#settings.url);
    url.pathname = url.pathname.replace(/\/$/, '') + path;
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const request: BillingHttpRequest = {
      url,
      method,
      headers: {
        KEY: this.#secrets.api_key,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
      timeoutMs: this.#settings.timeout_ms ?? DEFAULT_BILLING_TIMEOUT_MS,
      what: method === 'POST' ? 'ABillS payment' : `ABillS ${path}`,
      posts: method === 'POST',
    };
    const answer = await billingRequest(request);
    // ABillS answers its own errors as {errno, errstr} with HTTP 400 (§4.1.1); read those, refuse the rest.
    if (answer.status === 401 || answer.status === 403 || answer.status >= 500)
      refuseHttpStatus(answer, request);
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      if (answer.status !== 200) refuseHttpStatus(answer, request);
      throw new BillingError(
        'protocol',
        `${request.what}: ${billingPlace(url)} answered something that is not JSON: ${answer.text.slice(0, 100)}`,
        { outcomeKnown: !request.posts },
      );
    }
    if (answer.status !== 200 && answer.status !== 201 && !isError(json)) refuseHttpStatus(answer, request);
    return { status: answer.status, json };
  }
}
