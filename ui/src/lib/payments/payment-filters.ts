// The payment search form ↔ the address bar ↔ the API query. The form keeps what people type (days in
// the box's zone, roubles as text); the query is what GET /payments takes (instants, kopecks). Keeping
// the filters in the URL makes a search a link one can send and lets Back return to it.
import type { PaymentJson } from '../api/types.ts';
import { localToInstant } from '../format/datetime.ts';
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

/** The GET /payments filters (docs/api.md "Reading payments"). */
export interface PaymentQuery {
  account?: string;
  external_id?: string;
  status?: PaymentStatus;
  amount_kopecks?: number;
  paid_from?: string;
  paid_to?: string;
}

export type QueryResult =
  | { ok: true; query: PaymentQuery }
  | { ok: false; errors: Partial<Record<keyof PaymentFilterForm, string>> };

/** Checks the form and turns it into a query; days become the instants of the box zone's midnights. */
export function toPaymentQuery(form: PaymentFilterForm, timeZone: string): QueryResult {
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
  if (form.from) {
    const from = DAY.test(form.from) ? localToInstant(`${form.from}T00:00`, timeZone) : null;
    if (from) query.paid_from = from.toISOString();
    else errors.from = 'Дата в виде ГГГГ-ММ-ДД';
  }
  if (form.to) {
    // paid_to is exclusive: the midnight after the last day.
    const to = DAY.test(form.to) ? localToInstant(`${nextDay(form.to)}T00:00`, timeZone) : null;
    if (to) query.paid_to = to.toISOString();
    else errors.to = 'Дата в виде ГГГГ-ММ-ДД';
  }
  if (!errors.from && !errors.to && form.from && form.to && form.from > form.to) {
    errors.to = 'Конец периода раньше начала';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query };
}

/** The calendar day after YYYY-MM-DD (no zone: a day is a day). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
