import { describe, expect, it } from 'vitest';
import type { RegisterJson } from '../api/types.ts';
import {
  contactProblem,
  emptyForm,
  initialRegister,
  newRequestId,
  rememberedRegister,
  rememberRegister,
  usableRegisters,
  validateCashDesk,
} from './cash-desk-form.ts';

const register = (id: number, extra: Partial<RegisterJson> = {}) =>
  ({ id, name: `Касса ${id}`, enabled: true, electronic_only: false, ...extra }) as RegisterJson;

describe('usableRegisters', () => {
  const registers = [register(1), register(2), register(3, { enabled: false })];

  it('gives a cashier only the enabled registers assigned to them', () => {
    const ids = usableRegisters(registers, { role: 'cashier', register_ids: [2, 3] }).map((r) => r.id);
    expect(ids).toEqual([2]);
  });

  it('gives admins and technicians every enabled register', () => {
    expect(usableRegisters(registers, { role: 'technician' }).map((r) => r.id)).toEqual([1, 2]);
  });
});

describe('initialRegister', () => {
  it('starts with the remembered register while it is still usable', () => {
    expect(initialRegister([register(1), register(2)], 2)).toBe(2);
    expect(initialRegister([register(1), register(2)], 5)).toBeNull();
  });

  it('takes the only register without asking', () => {
    expect(initialRegister([register(4)], null)).toBe(4);
  });
});

describe('validateCashDesk', () => {
  it('builds the request with kopecks from the typed roubles and a trimmed account', () => {
    const form = { ...emptyForm(1), account: ' 100200 ', amount: '1 500,50', contact: '+7 999 123-45-67' };
    expect(validateCashDesk(form, register(1))).toEqual({
      ok: true,
      input: {
        register_id: 1,
        account: '100200',
        amount_kopecks: 150050,
        method: 'cash',
        customer_contact: '+7 999 123-45-67',
      },
    });
  });

  it('leaves the contact out when none was typed', () => {
    const result = validateCashDesk({ ...emptyForm(1), account: '1', amount: '10' }, register(1));
    expect(result.ok && 'customer_contact' in result.input).toBe(false);
  });

  it('names every problem at once', () => {
    const result = validateCashDesk({ ...emptyForm(null), amount: '0', contact: 'abc' }, undefined);
    expect(result).toEqual({
      ok: false,
      errors: {
        registerId: 'Выберите кассу',
        account: 'Введите лицевой счёт',
        amount: 'Сумма должна быть больше нуля',
        contact: 'Телефон в виде +7 999 123-45-67 или e-mail',
      },
    });
  });

  it('needs a contact on a register that prints nothing', () => {
    const result = validateCashDesk(
      { ...emptyForm(1), account: '1', amount: '10' },
      register(1, { electronic_only: true }),
    );
    expect(result.ok ? '' : result.errors.contact).toMatch(/не печатает/);
  });
});

describe('contactProblem', () => {
  it('accepts phones and e-mails, refuses the rest', () => {
    expect(contactProblem('8 (999) 123-45-67')).toBeNull();
    expect(contactProblem('user@example.ru')).toBeNull();
    expect(contactProblem('user@')).toMatch(/E-mail/);
    expect(contactProblem('12345')).toMatch(/Телефон/);
  });
});

describe('remembered register', () => {
  it('stores and reads the last register, and survives a storage that throws', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => map.set(k, v),
    };
    expect(rememberedRegister(storage)).toBeNull();
    rememberRegister(3, storage);
    expect(rememberedRegister(storage)).toBe(3);
    const broken = {
      getItem: (): string => {
        throw new Error('denied');
      },
      setItem: (): void => {
        throw new Error('denied');
      },
    };
    expect(rememberedRegister(broken)).toBeNull();
    expect(() => rememberRegister(3, broken)).not.toThrow();
  });
});

describe('newRequestId', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('makes a v4 UUID, also without crypto.randomUUID (plain HTTP on a LAN address)', () => {
    expect(newRequestId()).toMatch(UUID_V4);
    const insecure: Pick<Crypto, 'getRandomValues'> = { getRandomValues: (a) => crypto.getRandomValues(a) };
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId(insecure)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});
