import { describe, expect, it } from 'vitest';
import {
  BILLING_KINDS,
  billingConfigProblems,
  createBillingAdapter,
} from '../../../../drivers/billing/create-billing-adapter.ts';

const SQL_SETTINGS = {
  dialect: 'mysql',
  host: '10.0.0.5',
  port: 3306,
  database: 'abills',
  user: 'kassabox',
  amount_unit: 'rubles',
  find_account_sql: 'SELECT id AS account FROM users WHERE id = :account',
  columns: { billing_payment_id: 'id', account: 'login', amount: 'sum', paid_at: 'date' },
};

describe('billing kinds', () => {
  it('builds an adapter of each registered kind without connecting', async () => {
    const sql = createBillingAdapter('sql', SQL_SETTINGS, { password: 'x' });
    expect(sql.kind).toBe('sql');
    await sql.close();
    const osmp = createBillingAdapter('osmp', { url: 'https://billing.example/paysys_check.cgi' }, {});
    expect(osmp.kind).toBe('osmp');
    await osmp.close();
    const abills = createBillingAdapter(
      'abills',
      { url: 'https://billing.example/api.cgi', account_field: 'login', payment_method: 2 },
      { api_key: 'k' },
    );
    expect(abills.kind).toBe('abills');
    await abills.close();
    expect(Object.keys(BILLING_KINDS).sort()).toEqual(['abills', 'lanbilling', 'osmp', 'sql']);
    for (const spec of Object.values(BILLING_KINDS)) expect(spec?.title).toMatch(/[А-Яа-я]/);
  });

  it('names every problem of the settings and secrets with a JSON pointer', () => {
    const { user: _user, ...withoutUser } = SQL_SETTINGS;
    expect(
      billingConfigProblems(
        'sql',
        { ...withoutUser, dialect: 'oracle', port: '3306', time_zone: 'MSK', extra: true },
        {},
      ),
    ).toEqual([
      { path: '/settings/user', message: 'is required' },
      { path: '/settings/extra', message: 'is not a field of a sql connection' },
      { path: '/settings/dialect', message: 'must be one of: mysql, postgres' },
      { path: '/settings/port', message: 'must be integer' },
      {
        path: '/settings/time_zone',
        message:
          "must be an offset like +03:00: the billing's local time in its DATETIME columns (+03:00 if not set)",
      },
      { path: '/secrets/password', message: 'is required' },
    ]);
    expect(billingConfigProblems('sql', { ...SQL_SETTINGS, post_payment_sql: 5 }, { password: 'x' })).toEqual(
      [
        {
          path: '/settings/post_payment_sql',
          message: 'must be: One statement, or several run in one transaction',
        },
      ],
    );
  });

  it('names the SQL template whose parameters are wrong', () => {
    expect(
      billingConfigProblems(
        'sql',
        { ...SQL_SETTINGS, get_payment_sql: 'SELECT id FROM payments WHERE ext_id = :txn' },
        { password: 'x' },
      ),
    ).toEqual([
      { path: '/settings/get_payment_sql', message: 'unknown parameter :txn (this template may use :key)' },
    ]);
  });

  it('refuses to build an adapter from settings with problems', () => {
    expect(() => createBillingAdapter('sql', { ...SQL_SETTINGS, port: 0 }, { password: 'x' })).toThrow(
      '/settings/port must be >= 1',
    );
  });
});
