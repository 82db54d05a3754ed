import { describe, expect, it } from 'vitest';
import type { RegisterJson } from '../api/types.ts';
import {
  connectionBody,
  createBody,
  draftOf,
  emptyDraft,
  patchBody,
  validateDraft,
} from './register-form.ts';

const stored: RegisterJson = {
  id: 3,
  organization_id: 1,
  name: 'Касса 1',
  driver: 'shtrih',
  host: '192.168.0.50',
  port: 7778,
  protocol: 'v1',
  password_is_default: true,
  timezone: 'Europe/Moscow',
  electronic_only: false,
  enabled: true,
  cashier_name: 'Кассир',
  cashier_inn: null,
  created_at: '2026-11-22T10:00:00.000Z',
  updated_at: '2026-11-22T10:00:00.000Z',
};

describe('validateDraft', () => {
  it('asks for the name, organization and address of a new register', () => {
    expect(Object.keys(validateDraft(emptyDraft(), true))).toEqual(['name', 'organizationId', 'host']);
  });

  it('catches a wrong port, password, address and cashier INN before the server does', () => {
    const draft = {
      ...emptyDraft(1),
      name: 'Касса',
      host: '192.168.0.50 ',
      port: '70000',
      password: 'abc',
      cashierInn: '123',
    };
    expect(validateDraft(draft, true)).toEqual({
      port: 'Порт — число от 1 до 65535',
      password: 'Пароль оператора — число (по умолчанию 30)',
      cashierInn: 'ИНН кассира — 12 цифр',
    });
    expect(validateDraft({ ...draft, host: 'касса.local' }, true).host).toBeDefined();
  });
});

describe('bodies', () => {
  it('creates with trimmed text, numbers and no empty password', () => {
    const draft = { ...emptyDraft(1), name: ' Касса офис ', host: ' 10.0.0.5', port: '7778' };
    expect(createBody(draft)).toEqual({
      organization_id: 1,
      name: 'Касса офис',
      driver: 'shtrih',
      host: '10.0.0.5',
      port: 7778,
      protocol: 'v1',
      timezone: 'Europe/Moscow',
      electronic_only: false,
      enabled: true,
      cashier_name: 'Кассир',
      cashier_inn: null,
    });
    expect(createBody({ ...draft, password: '30' }).password).toBe(30);
  });

  it('patches only what changed, and the password only when typed', () => {
    expect(patchBody(stored, draftOf(stored))).toEqual({});
    const draft = { ...draftOf(stored), port: '7779', electronicOnly: true, password: '1' };
    expect(patchBody(stored, draft)).toEqual({ port: 7779, electronic_only: true, password: 1 });
  });

  it('tests the connection with what the form holds', () => {
    const draft = { ...draftOf(stored), protocol: 'v2' as const };
    expect(connectionBody(draft)).toEqual({
      driver: 'shtrih',
      host: '192.168.0.50',
      port: 7778,
      protocol: 'v2',
    });
  });
});
