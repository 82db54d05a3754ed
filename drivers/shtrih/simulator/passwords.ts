// Passwords of a KKT with factory settings (PAYONLINE-01-ФА defaults, research §2.1): operators 1–28 use
// their own number as the password, 29 is the administrator, 30 the system administrator. The spec's
// answers report «Порядковый номер оператора» 1…30, which is the same number.

import type { Access } from './command-spec.ts';
import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';

export const ADMIN = 29;
export const SYSADMIN = 30;

/** Operator numbers each access level admits. */
const ADMITTED: Readonly<Record<Exclude<Access, 'none'>, (operator: number) => boolean>> = {
  operator: (operator) => operator >= 1 && operator <= SYSADMIN,
  admin: (operator) => operator === ADMIN || operator === SYSADMIN,
  sysadmin: (operator) => operator === SYSADMIN,
};

/** The operator number a password belongs to, or a 4Fh refusal. */
export function authorize(access: Exclude<Access, 'none'>, password: number): number {
  if (!ADMITTED[access](password)) throw new DeviceRefusal(DeviceErrorCode.wrongPassword);
  return password;
}
