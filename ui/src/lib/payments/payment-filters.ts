// The payment search form ↔ the address bar ↔ the API query. The form keeps what people type (days,
// roubles as text); the query is what GET /payments takes (days, kopecks). Keeping
// the filters in the URL makes a search a link one can send and lets Back return to it.
import type { PaymentJson } from '../api/types.ts';
import { parseRoubles } from '../format/money.ts';

export type PaymentStatus = PaymentJson['status'];
export const PAYMENT_STATUS_VALUES: readonly PaymentStatus[] = ['accepted', 'fiscalized', 'failed'];

export interface PaymentFilterForm {
  account: string;
  external_id: string;
  status: PaymentStatus | '';
  /** First day, YYYY-MM-DD in the box zone, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** Roubles as typed («1500», «1 500,00»). */
  amount: string;
}

export const EMPTY_FILTERS: PaymentFilterForm = {
  account: '',
  external_id: '',
  status: '',
  from: '',
  to: '',
  amount: '',
};

const KEYS = Object.keys(EMPTY_FILTERS) as (keyof PaymentFilterForm)[];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromSearch(params: Pick<URLSearchParams, 'get'>): PaymentFilterForm {
  const form = { ...EMPTY_FILTERS };
  for (const key of KEYS) {
    const value = params.get(key)?.trim() ?? '';
    if (key === 'status')
      form.status = PAYMENT_STATUS_VALUES.includes(value as PaymentStatus) ? (value as PaymentStatus) : '';
    else form[key] = value;
  }
  return form;
}

export function filtersToSearch(form: PaymentFilterForm): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = form[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}

export function hasFilters(form: PaymentFilterForm): boolean {
  return KEYS.some((key) => form[key].trim() !== '');
}

/** The GET /payments filters (docs/api.md "Reading payments"); days are counted by the server in its zone. */
export interface PaymentQuery {
  account?: string;
  external_id?: string;
  status?: PaymentStatus;
  amount_kopecks?: number;
  /** First day, YYYY-MM-DD, inclusive. */
  from?: string;
  /** Last day, inclusive. */
  to?: string;
}

export type QueryResult =
  | { ok: true; query: PaymentQuery }
  | { ok: false; errors: Partial<Record<keyof PaymentFilterForm, string>> };

/** Checks the form and turns it into a query. */
export function toPaymentQuery(form: PaymentFilterForm): QueryResult {
  const errors: Partial<Record<keyof PaymentFilterForm, string>> = {};
  const query: PaymentQuery = {};
  const account = form.account.trim();
  const externalId = form.external_id.trim();
  if (account) query.account = account;
  if (externalId) query.external_id = externalId;
  if (form.status) query.status = form.status;
  if (form.amount.trim()) {
    const amount = parseRoubles(form.amount);
    if (amount.ok) query.amount_kopecks = amount.kopecks;
    else errors.amount = amount.message;
  }
  for (const key of ['from', 'to'] as const) {
    if (!form[key]) continue;
    if (isDay(form[key])) query[key] = form[key];
    else errors[key] = 'Дата в виде ДД.ММ.ГГГГ';
  }
  if (query.from && query.to && query.from > query.to) errors.to = 'Конец периода раньше начала';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query };
}

/** A real calendar day YYYY-MM-DD (not 2026-02-30). */
function isDay(text: string): boolean {
  return DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}
