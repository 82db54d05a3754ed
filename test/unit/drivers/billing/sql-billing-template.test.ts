import { describe, expect, it } from 'vitest';
import { type SqlBillingSettings, sqlSettingsProblems } from '../../../../drivers/billing/sql-billing.ts';
import {
  bindValues,
  compileTemplate,
  type SqlParameter,
  SqlTemplateError,
} from '../../../../drivers/billing/sql-billing-template.ts';

const POST: SqlParameter[] = ['account', 'amount', 'key', 'paid_at', 'comment'];

function refusal(run: () => unknown): SqlTemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof SqlTemplateError) return error;
    throw error;
  }
  throw new Error('the template was accepted');
}

describe('compileTemplate', () => {
  it('turns named parameters into ? for mysql, one per occurrence, in order', () => {
    const compiled = compileTemplate(
      'post_payment_sql',
      'INSERT INTO payments (uid, sum, ext_id, dsc) SELECT uid, :amount, :key, :comment FROM users WHERE id = :account OR uid = :account',
      'mysql',
      POST,
    );
    expect(compiled.text).toBe(
      'INSERT INTO payments (uid, sum, ext_id, dsc) SELECT uid, ?, ?, ? FROM users WHERE id = ? OR uid = ?',
    );
    expect(compiled.order).toEqual(['amount', 'key', 'comment', 'account', 'account']);
    expect(bindValues(compiled, { amount: '1.50', key: 'K', comment: 'c', account: 'a1' })).toEqual([
      '1.50',
      'K',
      'c',
      'a1',
      'a1',
    ]);
  });

  it('numbers postgres placeholders once per name and reuses them', () => {
    const compiled = compileTemplate(
      'find_account_sql',
      'SELECT login AS account FROM users WHERE login = :account OR contract = :account',
      'postgres',
      ['account'],
    );
    expect(compiled.text).toBe('SELECT login AS account FROM users WHERE login = $1 OR contract = $1');
    expect(compiled.order).toEqual(['account']);
  });

  it('leaves strings, quoted identifiers, comments, casts and dollar quotes alone', () => {
    const mysql = compileTemplate(
      'find_account_sql',
      "SELECT `a:b` AS account, 'it''s :not \\' :a param' AS name, \"x:y\" -- :comment here\n FROM t # :key too\n WHERE id = :account /* :limit */ AND @v := 1",
      'mysql',
      ['account'],
    );
    expect(mysql.order).toEqual(['account']);
    expect(mysql.text).toContain("'it''s :not \\' :a param'");
    expect(mysql.text).toContain('WHERE id = ? /* :limit */ AND @v := 1');

    const postgres = compileTemplate(
      'list_payments_sql',
      "SELECT id::text, $body$ :since $body$, E'\\' :x', 'plain\\' FROM p WHERE id > :last_id::bigint LIMIT :limit",
      'postgres',
      ['last_id', 'since', 'limit'],
    );
    expect(postgres.order).toEqual(['last_id', 'limit']);
    expect(postgres.text).toBe(
      "SELECT id::text, $body$ :since $body$, E'\\' :x', 'plain\\' FROM p WHERE id > $1::bigint LIMIT $2",
    );
  });

  it('allows one trailing semicolon and comments after it', () => {
    const compiled = compileTemplate(
      'get_payment_sql',
      'SELECT 1 FROM p WHERE ext_id = :key; -- done\n',
      'mysql',
      ['key'],
    );
    expect(compiled.text).toBe('SELECT 1 FROM p WHERE ext_id = ? -- done');
  });

  it('refuses a second statement, naming the template', () => {
    const error = refusal(() =>
      compileTemplate('find_account_sql', 'SELECT 1 WHERE x = :account; DROP TABLE users', 'mysql', [
        'account',
      ]),
    );
    expect(error.template).toBe('find_account_sql');
    expect(error.message).toBe('find_account_sql: must be a single SQL statement (found text after ";")');
  });

  it('refuses an unknown parameter and one the template cannot have, naming both', () => {
    expect(
      refusal(() => compileTemplate('find_account_sql', 'SELECT 1 WHERE x = :acount', 'mysql', ['account']))
        .message,
    ).toBe('find_account_sql: unknown parameter :acount (this template may use :account)');
    expect(
      refusal(() =>
        compileTemplate('get_payment_sql', 'SELECT 1 WHERE x = :key AND a = :amount', 'postgres', ['key']),
      ).message,
    ).toBe('get_payment_sql: parameter :amount is not available here (this template may use :key)');
  });

  it('refuses positional placeholders and unterminated quotes', () => {
    expect(refusal(() => compileTemplate('f', 'SELECT 1 WHERE x = ?', 'mysql', ['account'])).message).toMatch(
      /positional placeholder/,
    );
    expect(
      refusal(() => compileTemplate('f', 'SELECT 1 WHERE x = $1', 'postgres', ['account'])).message,
    ).toMatch(/positional placeholder/);
    expect(refusal(() => compileTemplate('f', "SELECT 'x", 'mysql', [])).message).toBe(
      "f: unterminated ' quote",
    );
    expect(refusal(() => compileTemplate('f', '  ;', 'mysql', [])).message).toBe('f: is empty');
  });

  it('keeps ? as an operator in postgres (jsonb)', () => {
    const compiled = compileTemplate(
      'find_account_sql',
      "SELECT 1 WHERE tags ? 'x' AND a = :account",
      'postgres',
      ['account'],
    );
    expect(compiled.text).toBe("SELECT 1 WHERE tags ? 'x' AND a = $1");
  });
});

describe('sqlSettingsProblems', () => {
  const base: SqlBillingSettings = {
    dialect: 'mysql',
    host: '127.0.0.1',
    port: 3306,
    database: 'abills',
    user: 'kassabox',
    amount_unit: 'rubles',
    find_account_sql: 'SELECT id AS account FROM users WHERE id = :account',
    columns: { billing_payment_id: 'id', account: 'login', amount: 'sum', paid_at: 'date' },
  };

  it('accepts a complete set of templates', () => {
    expect(
      sqlSettingsProblems({
        ...base,
        get_payment_sql: 'SELECT id FROM payments WHERE ext_id = :key',
        post_payment_sql: [
          'INSERT INTO payments (ext_id, sum) VALUES (:key, :amount)',
          'UPDATE u SET d = d + :amount',
        ],
        list_payments_sql: 'SELECT * FROM payments WHERE id > :last_id ORDER BY id LIMIT :limit',
        mark_fiscalized_sql: 'UPDATE payments SET fd = :fd WHERE id = :billing_payment_id',
      }),
    ).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(sqlSettingsProblems({ ...base, find_account_sql: 'SELECT 1' })).toEqual([
      { field: 'find_account_sql', message: 'must use :account' },
    ]);
    expect(
      sqlSettingsProblems({ ...base, post_payment_sql: 'INSERT INTO p (ext_id) VALUES (:key)' }),
    ).toEqual([
      {
        field: 'get_payment_sql',
        message: 'is required with post_payment_sql (it makes posting idempotent)',
      },
    ]);
    expect(
      sqlSettingsProblems({
        ...base,
        get_payment_sql: 'SELECT id FROM payments WHERE ext_id = :key',
        post_payment_sql: ['INSERT INTO p (ext_id) VALUES (:key)', 'UPDATE u SET d = :since'],
      }),
    ).toEqual([
      {
        field: 'post_payment_sql/1',
        message:
          'parameter :since is not available here (this template may use :account, :amount, :key, :paid_at, :comment)',
      },
    ]);
    expect(sqlSettingsProblems({ ...base, list_payments_sql: 'SELECT * FROM p LIMIT :limit' })).toEqual([
      { field: 'list_payments_sql', message: 'must use exactly one cursor: :last_id (ids) or :since (time)' },
    ]);
    expect(
      sqlSettingsProblems({
        ...base,
        list_payments_sql: 'SELECT * FROM p WHERE id > :last_id LIMIT :limit',
        start_after: 'yesterday',
      }),
    ).toEqual([{ field: 'start_after', message: 'must be an id (digits)' }]);
  });
});
