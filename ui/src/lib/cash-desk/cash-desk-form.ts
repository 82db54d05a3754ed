// The cash desk form's rules, apart from the screen: which registers the person may take money on, the
// one the form starts with, and the check of what the cashier typed before anything is sent.
import type { CashDeskPaymentCreateJson, RegisterJson, Role } from '../api/types.ts';
import { parseRoubles } from '../format/money.ts';

export type CashDeskInput = Omit<CashDeskPaymentCreateJson, 'request_id'>;
export type PayerMethod = CashDeskInput['method'];

export interface CashDeskForm {
  registerId: number | null;
  account: string;
  /** Roubles as typed. */
  amount: string;
  /** Phone or e-mail for the electronic copy (tag 1008), optional unless the register prints nothing. */
  contact: string;
  method: PayerMethod;
}

export type FormErrors = Partial<Record<keyof CashDeskForm, string>>;

export function emptyForm(registerId: number | null): CashDeskForm {
  return { registerId, account: '', amount: '', contact: '', method: 'cash' };
}

/**
 * Registers the person may take payments on: enabled ones, and for a cashier only those assigned to
 * them (the server refuses the others with register_not_assigned anyway).
 */
export function usableRegisters(
  registers: readonly RegisterJson[],
  user: { role: Role; register_ids?: readonly number[] },
): RegisterJson[] {
  return registers.filter(
    (register) =>
      register.enabled && (user.role !== 'cashier' || (user.register_ids ?? []).includes(register.id)),
  );
}

/** The remembered register when it is still usable, else the only one, else none (the cashier picks). */
export function initialRegister(usable: readonly RegisterJson[], remembered: number | null): number | null {
  if (remembered !== null && usable.some((register) => register.id === remembered)) return remembered;
  return usable.length === 1 ? (usable[0] as RegisterJson).id : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A light check of a phone or e-mail (the server normalises and checks it for real). */
export function contactProblem(contact: string): string | null {
  const text = contact.trim();
  if (text === '') return null;
  if (text.includes('@')) return EMAIL.test(text) ? null : 'E-mail в виде name@example.ru';
  const digits = text.replace(/[\s()-]/g, '');
  return /^\+?\d{10,15}$/.test(digits) ? null : 'Телефон в виде +7 999 123-45-67 или e-mail';
}

export function validateCashDesk(
  form: CashDeskForm,
  register: RegisterJson | undefined,
): { ok: true; input: CashDeskInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (form.registerId === null || !register) errors.registerId = 'Выберите кассу';
  const account = form.account.trim();
  if (!account) errors.account = 'Введите лицевой счёт';
  else if (account.length > 64) errors.account = 'Не длиннее 64 символов';
  const amount = parseRoubles(form.amount);
  if (!amount.ok) errors.amount = amount.message;
  const contact = form.contact.trim();
  const problem = contactProblem(contact);
  if (problem) errors.contact = problem;
  else if (!contact && register?.electronic_only) {
    errors.contact = 'Касса не печатает чеки: нужен телефон или e-mail покупателя';
  }
  if (Object.keys(errors).length > 0 || !amount.ok || form.registerId === null) return { ok: false, errors };
  return {
    ok: true,
    input: {
      register_id: form.registerId,
      account,
      amount_kopecks: amount.kopecks,
      method: form.method,
      ...(contact ? { customer_contact: contact } : {}),
    },
  };
}

const REMEMBERED_KEY = 'kassabox.cash-desk.register';

/** The register this browser took the last payment on (a desk usually has one register next to it). */
export function rememberedRegister(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage) {
  try {
    const value = Number(storage?.getItem(REMEMBERED_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null; // storage disabled (private mode): the cashier picks each time
  }
}

export function rememberRegister(
  id: number,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
) {
  try {
    storage?.setItem(REMEMBERED_KEY, String(id));
  } catch {
    // not remembered; nothing else depends on it
  }
}

/**
 * A fresh request_id for a new form fill. crypto.randomUUID exists only in secure contexts (the box
 * serves HTTPS; plain-HTTP dev on a LAN address does not), so a v4 UUID is also built from
 * getRandomValues, which every context has.
 */
export function newRequestId(
  cryptoImpl: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto,
) {
  if (typeof cryptoImpl.randomUUID === 'function') return cryptoImpl.randomUUID();
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
