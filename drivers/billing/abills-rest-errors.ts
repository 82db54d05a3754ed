// ABillS API errors: {errno, errstr} answers (HTTP 400 mostly, §4.1.1) and what each errno means for the
// box. errnos from anphsw/abills Abills/Api/Controllers/Admin/Payments.pm (post_payments_users_uid) and
// Abills/mysql/Payments.pm (7 = ERROR_DUBLICATE, a taken ext_id).

import type { AbillsRow } from './abills-rest-payments.ts';
import { BillingError } from './billing-adapter.ts';

export interface AbillsError {
  errno: number | string;
  errstr?: string;
}

export function isError(json: unknown): json is AbillsError {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && 'errno' in json;
}

/** errno 10071 wraps Payments.pm's own errno; 7 is ERROR_DUBLICATE (a taken ext_id). */
export function isDuplicate(error: AbillsError): boolean {
  return Number(error.errno) === 10071 && /Payments error - 7\b/.test(error.errstr ?? '');
}

export function readError(error: AbillsError, what: string): BillingError {
  const text = `${what}: ABillS error ${error.errno}${error.errstr ? ` (${error.errstr})` : ''}`;
  // 10: the administrator lacks a permission — a setup problem to fix in ABillS; keep retrying.
  if (Number(error.errno) === 10) return new BillingError('unavailable', text);
  return new BillingError('protocol', text);
}

// Payments.pm / Controllers/Admin/Payments.pm errnos for POST /payments/users/:uid/.
export function postError(error: AbillsError): BillingError {
  const text = `ABillS payment: error ${error.errno}${error.errstr ? ` (${error.errstr})` : ''}`;
  switch (Number(error.errno)) {
    case 10: // access denied: the box's administrator lacks the payments permission
    case 10070: // the payment method is not allowed for the administrator
      return new BillingError('unavailable', `${text}; fix the administrator's rights in ABillS`);
    case 10072: // "Deadlock during transaction": it may or may not have stayed
      return new BillingError('unavailable', text, { outcomeKnown: false });
    case 10067: // wrong sum
    case 10068: // sum above MAX_ADMIN_PAYMENT
    case 10069: // user or bill not found
    case 10071: // Payments.pm refused it (other than a duplicate)
      return new BillingError('rejected', text);
    default:
      return new BillingError('protocol', text, { outcomeKnown: false });
  }
}

export function listOf(json: unknown, what: string): AbillsRow[] {
  if (isError(json)) throw readError(json, what);
  if (!Array.isArray(json) || json.some((row) => typeof row !== 'object' || row === null)) {
    throw new BillingError('protocol', `${what}: expected a JSON list of records`);
  }
  return json as AbillsRow[];
}
