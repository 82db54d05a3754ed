import { describe, expect, it } from 'vitest';
import { billingBody, billingForm, billingTarget } from './billing-form.ts';

describe('billing connection form', () => {
  it('starts a new SQL connection from the defaults and builds nested columns', () => {
    const form = billingForm('sql', null);
    expect(form.values.dialect).toBe('mysql');
    expect(form.values.port).toBe('3306');
    Object.assign(form.values, {
      host: 'db.local',
      database: 'billing',
      user: 'kassa',
      password: 's3cret',
      find_account_sql: 'SELECT id FROM users WHERE login = :account',
      'columns.billing_payment_id': 'id',
      'columns.account': 'login',
      'columns.amount': 'sum',
      'columns.paid_at': 'date',
    });
    const { settings, secrets, errors } = billingBody('sql', form);
    expect(errors).toEqual({});
    expect(settings).toEqual({
      dialect: 'mysql',
      host: 'db.local',
      port: 3306,
      database: 'billing',
      user: 'kassa',
      amount_unit: 'rubles',
      find_account_sql: 'SELECT id FROM users WHERE login = :account',
      columns: { billing_payment_id: 'id', account: 'login', amount: 'sum', paid_at: 'date' },
    });
    expect(secrets).toEqual({ password: 's3cret' });
  });

  it('names missing fields and a required secret the way the server names them', () => {
    const form = billingForm('abills', null);
    form.values.payment_method = 'два';
    form.values.poll_methods = '1, 2, x';
    const { errors } = billingBody('abills', form);
    expect(errors).toEqual({
      'settings.url': 'Обязательное поле',
      'settings.payment_method': 'Целое число',
      'settings.poll_methods': 'Целые числа через запятую',
      'secrets.api_key': 'Обязательное поле',
    });
  });

  it('keeps a stored secret when its input is left empty, replaces it when typed, removes it when asked', () => {
    const connection = {
      settings: { url: 'https://b.example/paysys_check.cgi' },
      secrets_set: ['username', 'password'],
    };
    const form = billingForm('osmp', connection);
    expect(form.values.url).toBe('https://b.example/paysys_check.cgi');
    expect(form.secretSet).toEqual({ username: true, password: true });
    expect(billingBody('osmp', form).secrets).toEqual({});
    form.values.password = 'new-one';
    form.cleared.username = true;
    expect(billingBody('osmp', form).secrets).toEqual({ password: 'new-one', username: null });
  });

  it('keeps several SQL statements apart and value lists as lists', () => {
    const form = billingForm('sql', {
      settings: {
        post_payment_sql: ['INSERT INTO a VALUES (:key)', 'UPDATE b SET x = 1'],
        cash_methods: ['cash', 'kassa'],
      },
      secrets_set: ['password'],
    });
    expect(form.values.post_payment_sql).toBe('INSERT INTO a VALUES (:key)\n---\nUPDATE b SET x = 1');
    expect(form.values.cash_methods).toBe('cash, kassa');
    const { settings } = billingBody('sql', form);
    expect(settings.post_payment_sql).toEqual(['INSERT INTO a VALUES (:key)', 'UPDATE b SET x = 1']);
    expect(settings.cash_methods).toEqual(['cash', 'kassa']);
  });

  it('reads lists back as text and describes the target without secrets', () => {
    const form = billingForm('abills', { settings: { url: 'u', poll_methods: [1, 4] }, secrets_set: [] });
    expect(form.values.poll_methods).toBe('1, 4');
    expect(billingTarget('sql', { dialect: 'postgres', host: 'h', port: 5432, database: 'd' })).toBe(
      'PostgreSQL h:5432/d',
    );
  });
});
