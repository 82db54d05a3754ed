// The SQL billing adapter against real MariaDB and PostgreSQL servers (Debian packages, started here on
// 127.0.0.1) holding billing-shaped tables (sql-billing-schemas.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlBillingAdapter, type SqlBillingSettings } from '../../../drivers/billing/sql-billing.ts';
import { SqlTemplateError } from '../../../drivers/billing/sql-billing-template.ts';
import { billingError } from '../../helpers/billing-error.ts';
import { type SqlServer, startMariaDb, startPostgres } from '../../helpers/sql-servers.ts';
import {
  abillsDdl,
  abillsSettings,
  mikbillDdl,
  mikbillSettings,
  nodenyDdl,
  nodenySettings,
} from './sql-billing-schemas.ts';

const STARTERS = { mysql: startMariaDb, postgres: startPostgres } as const;

describe.each(['mysql', 'postgres'] as const)('SqlBillingAdapter on %s', (dialect) => {
  let server: SqlServer;
  const adapters: SqlBillingAdapter[] = [];
  const adapter = (settings: SqlBillingSettings) => {
    const created = new SqlBillingAdapter(settings, { password: server.password });
    adapters.push(created);
    return created;
  };
  const count = async (sql: string) => Number((await server.query(sql))[0]?.n);

  beforeAll(async () => {
    server = await STARTERS[dialect]();
    for (const statement of [...abillsDdl(dialect), ...mikbillDdl(dialect), ...nodenyDdl(dialect)]) {
      await server.query(statement);
    }
  });
  afterAll(async () => {
    for (const created of adapters) await created.close();
    await server?.close();
  });

  it('finds an account with its name and balance, refuses a disabled one, misses an unknown one', async () => {
    const billing = adapter(abillsSettings(server));
    expect(await billing.findAccount('ivanov')).toEqual({
      found: true,
      account: { account: 'ivanov', name: 'Иванов Иван', balanceKopecks: 15050 },
    });
    expect(await billing.findAccount('sidorov')).toEqual({
      found: true,
      account: { account: 'sidorov', balanceKopecks: 0 },
    });
    expect(await billing.findAccount('petrov')).toMatchObject({ found: false, reason: 'inactive' });
    expect(await billing.findAccount("nobody' OR '1'='1")).toMatchObject({
      found: false,
      reason: 'not_found',
    });
  });

  it("runs the templates in the billing's time zone (TIMESTAMP WITH TIME ZONE, NOW())", async () => {
    const zoneProbe =
      dialect === 'mysql'
        ? "SELECT :account AS account, DATE_FORMAT(FROM_UNIXTIME(0), '%H:%i') AS name"
        : "SELECT :account::text AS account, to_char(to_timestamp(0), 'HH24:MI') AS name";
    for (const [zone, local] of [
      ['+03:00', '03:00'],
      ['-05:30', '18:30'],
    ] as const) {
      const billing = adapter({ ...abillsSettings(server), time_zone: zone, find_account_sql: zoneProbe });
      expect(await billing.findAccount('x')).toEqual({ found: true, account: { account: 'x', name: local } });
    }
  });

  it('posts a payment once: a repeat under the same key returns the first and adds no row', async () => {
    const billing = adapter(abillsSettings(server));
    const input = {
      idempotencyKey: 'OSMP:1001',
      account: 'ivanov',
      amountKopecks: 15050,
      paidAt: new Date('2026-11-22T21:30:05.000Z'),
      comment: 'QIWI 1001',
    };
    const posted = await billing.postPayment(input);
    expect(posted).toMatchObject({ idempotencyKey: 'OSMP:1001', account: 'ivanov', amountKopecks: 15050 });
    expect(await billing.postPayment(input)).toEqual(posted);
    expect(await billing.getPayment('OSMP:1001')).toEqual(posted);
    expect(await billing.getPayment('OSMP:404')).toBeUndefined();
    const rows = await server.query("SELECT sum, dsc, date, uid FROM payments WHERE ext_id = 'OSMP:1001'");
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.sum)).toBe(150.5);
    expect(rows[0]!.dsc).toBe('QIWI 1001');
    // Stored in the billing's local time (+03:00).
    expect(rows[0]!.date).toBe('2026-11-23 00:30:05');
  });

  it('posts once when two posts with the same key race (ABillS-like unique key and MikBill-like without one)', async () => {
    // A slow insert, so every post has looked the key up (and found nothing) before the first commits.
    const slow = (settings: SqlBillingSettings): SqlBillingSettings => ({
      ...settings,
      post_payment_sql: `${settings.post_payment_sql} AND ${dialect === 'mysql' ? 'SLEEP(0.3)' : '(SELECT 0 FROM pg_sleep(0.3))'} = 0`,
    });
    for (const [settings, key, account, table] of [
      [slow(abillsSettings(server)), 'OSMP:2002', 'sidorov', "payments WHERE ext_id = 'OSMP:2002'"],
      [slow(mikbillSettings(server)), 'SBER:77', '1001', "addons_pay_api WHERE misc_id = 'SBER:77'"],
    ] as const) {
      const first = adapter(settings);
      const second = adapter(settings);
      const input = {
        idempotencyKey: key,
        account,
        amountKopecks: 1999,
        paidAt: new Date(),
        comment: 'race',
      };
      const results = await Promise.all([
        first.postPayment(input),
        second.postPayment(input),
        first.postPayment(input),
      ]);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      expect(results[0]!.amountKopecks).toBe(1999);
      expect(await count(`SELECT COUNT(*) AS n FROM ${table}`)).toBe(1);
    }
  });

  it("reads the billing's unique key refusing the row as a duplicate, and says when the key finds nothing", async () => {
    // A payment already under ext_id OSMP:4004 that get_payment_sql cannot see (another method).
    await server.query(
      "INSERT INTO payments (date, sum, dsc, uid, method, ext_id) VALUES ('2026-11-01 10:00:00', 1, 'x', 1, 7, 'OSMP:4004')",
    );
    const settings = abillsSettings(server);
    const billing = adapter({ ...settings, get_payment_sql: `${settings.get_payment_sql} AND p.method = 2` });
    const error = await billingError(
      billing.postPayment({
        idempotencyKey: 'OSMP:4004',
        account: 'ivanov',
        amountKopecks: 100,
        paidAt: new Date(),
        comment: '',
      }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(
      /^post_payment_sql: the billing refused a duplicate \(.*\) but get_payment_sql finds nothing under key OSMP:4004$/,
    );
  });

  it('refuses a post to an unknown account with a message a person can act on', async () => {
    const error = await billingError(
      adapter(abillsSettings(server)).postPayment({
        idempotencyKey: 'OSMP:3003',
        account: 'ghost',
        amountKopecks: 100,
        paidAt: new Date(),
        comment: '',
      }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('is account ghost unknown to the billing');
    expect(await count("SELECT COUNT(*) AS n FROM payments WHERE ext_id = 'OSMP:3003'")).toBe(0);
  });

  it('posts through several statements in one transaction (NoDeny-like, kopecks), all or nothing', async () => {
    const billing = adapter(nodenySettings(server));
    const paidAt = new Date('2026-11-22T21:30:05.000Z');
    const posted = await billing.postPayment({
      idempotencyKey: '900001',
      account: '501',
      amountKopecks: 12345,
      paidAt,
      comment: 'Сбербанк 900001',
    });
    expect(posted).toMatchObject({ account: '501', amountKopecks: 12345 });
    await billing.postPayment({
      idempotencyKey: '900001',
      account: '501',
      amountKopecks: 12345,
      paidAt,
      comment: '',
    });
    expect(await server.query('SELECT balance FROM nd_users WHERE id = 501')).toEqual([
      { balance: dialect === 'mysql' ? 13345 : '13345' },
    ]);
    // The unix time the billing stored is the instant paid, whatever the session zone.
    const page = await billing.paymentsAfter!('0', 10);
    expect(page.payments).toMatchObject([
      { billingPaymentId: posted.billingPaymentId, paidAt: paidAt.toISOString() },
    ]);

    const broken = adapter({
      ...nodenySettings(server),
      post_payment_sql: [
        (nodenySettings(server).post_payment_sql as string[])[0]!,
        'UPDATE nd_users SET no_such_column = 1 WHERE id = :account',
      ],
    });
    const error = await billingError(
      broken.postPayment({
        idempotencyKey: '900002',
        account: '501',
        amountKopecks: 100,
        paidAt,
        comment: '',
      }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/^post_payment_sql\/1: .*no_such_column/);
    expect(await count("SELECT COUNT(*) AS n FROM pays WHERE reason = '900002'")).toBe(0);
  });

  it('lists payments after an id cursor, oldest first, a page at a time', async () => {
    await server.query('DELETE FROM payments');
    await server.query(
      `INSERT INTO payments (date, sum, dsc, uid, method, ext_id) VALUES
        ('2026-11-01 10:00:00', 100.10, 'a', 1, 0, NULL),
        ('2026-11-01 11:00:00', 200, 'b', 3, 2, NULL),
        ('2026-11-01 12:00:00', 0.07, 'c', 1, 2, NULL)`,
    );
    const ids = (await server.query('SELECT id FROM payments ORDER BY id')).map((row) => String(row.id));
    const billing = adapter({ ...abillsSettings(server), start_after: String(Number(ids[0]) - 1) });
    const first = await billing.paymentsAfter!(undefined, 2);
    expect(first).toEqual({
      payments: [
        {
          billingPaymentId: ids[0],
          account: 'ivanov',
          amountKopecks: 10010,
          paidAt: '2026-11-01T07:00:00.000Z',
          method: 'cash',
          customerContact: '+79991234567',
        },
        {
          billingPaymentId: ids[1],
          account: 'sidorov',
          amountKopecks: 20000,
          paidAt: '2026-11-01T08:00:00.000Z',
          method: 'electronic',
        },
      ],
      cursor: ids[1],
    });
    const second = await billing.paymentsAfter!(first.cursor, 2);
    expect(second.payments.map((payment) => [payment.billingPaymentId, payment.amountKopecks])).toEqual([
      [ids[2], 7],
    ]);
    expect(second.cursor).toBe(ids[2]);
    expect(await billing.paymentsAfter!(second.cursor, 2)).toEqual({ payments: [], cursor: ids[2] });
  });

  it('lists payments after a time cursor (MikBill-like history)', async () => {
    await server.query(
      `INSERT INTO bugh_plategi_stat (uid, date, summa, comment) VALUES
        (10, '2026-11-02 09:00:00', 500.00, 'x'), (10, '2026-11-02 09:30:00', 12.34, 'y')`,
    );
    const billing = adapter({ ...mikbillSettings(server), start_after: '2026-11-02T05:00:00Z' });
    const first = await billing.paymentsAfter!(undefined, 1);
    expect(first.payments).toMatchObject([
      { account: '1001', amountKopecks: 50000, paidAt: '2026-11-02T06:00:00.000Z' },
    ]);
    expect(first.cursor).toBe('2026-11-02T06:00:00.000Z');
    const second = await billing.paymentsAfter!(first.cursor, 10);
    expect(second.payments.map((payment) => payment.amountKopecks)).toEqual([1234]);
    expect(second.cursor).toBe('2026-11-02T06:30:00.000Z');
  });

  it('offers listing and marking only when their templates are set', () => {
    const { list_payments_sql: _list, mark_fiscalized_sql: _mark, ...checkAndPost } = abillsSettings(server);
    const billing = adapter(checkAndPost);
    expect(billing.paymentsAfter).toBeUndefined();
    expect(billing.markFiscalized).toBeUndefined();
    expect(adapter(abillsSettings(server)).paymentsAfter).toBeTypeOf('function');
  });

  it('marks a payment fiscalized with the receipt numbers', async () => {
    const billing = adapter(abillsSettings(server));
    await billing.markFiscalized!('42', {
      fnNumber: '7281440500123456',
      fdNumber: 1234,
      fiscalSign: '2890123456',
      fiscalizedAt: '2026-11-22T21:00:00.000Z',
    });
    const rows = await server.query(
      'SELECT payments_id, fdn, fda, fn, status, receipt_date FROM extreceipts',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fdn: 1234, fda: '2890123456', fn: '7281440500123456', status: 2 });
    expect(String(rows[0]!.payments_id)).toBe('42');
    expect(rows[0]!.receipt_date).toBe('2026-11-23 00:00:00');
  });

  it('refuses a bad template when built, naming the template and the parameter', () => {
    const settings = {
      ...abillsSettings(server),
      list_payments_sql: 'SELECT * FROM payments WHERE id > :last LIMIT :limit',
    };
    expect(() => new SqlBillingAdapter(settings, { password: '' })).toThrow(SqlTemplateError);
    expect(() => new SqlBillingAdapter(settings, { password: '' })).toThrow(
      'list_payments_sql: unknown parameter :last (this template may use :last_id, :since, :limit)',
    );
    expect(
      () =>
        new SqlBillingAdapter(
          {
            ...abillsSettings(server),
            find_account_sql: 'SELECT id AS account FROM users WHERE id = :account; DELETE FROM users',
          },
          { password: '' },
        ),
    ).toThrow('find_account_sql: must be a single SQL statement');
  });

  it("answers 'rejected' with the database's message and the template when a template fails", async () => {
    const billing = adapter({
      ...abillsSettings(server),
      find_account_sql: 'SELECT login AS account FROM no_such_table WHERE login = :account',
    });
    const error = await billingError(billing.findAccount('ivanov'));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/^find_account_sql: .*no_such_table/);
  });

  it('answers unavailable for a wrong password, without the password in the message', async () => {
    const billing = new SqlBillingAdapter(abillsSettings(server), { password: 'wrong-Secret-42' });
    adapters.push(billing);
    const error = await billingError(billing.findAccount('ivanov'));
    expect(error.kind).toBe('unavailable');
    expect(error.message).not.toContain('wrong-Secret-42');
  });

  it('reports a connection lost in the middle of a post as outcome unknown, and a retry posts once', async () => {
    const sleep = dialect === 'mysql' ? 'SLEEP(2)' : '(SELECT 2 FROM pg_sleep(2))';
    const settings = abillsSettings(server);
    const billing = adapter({
      ...settings,
      post_payment_sql: `INSERT INTO payments (date, sum, dsc, uid, method, ext_id) SELECT :paid_at, :amount, :comment, uid, ${sleep}, :key FROM users WHERE id = :account`,
    });
    const input = {
      idempotencyKey: 'OSMP:5005',
      account: 'ivanov',
      amountKopecks: 500,
      paidAt: new Date(),
      comment: '',
    };
    const posting = billingError(billing.postPayment(input));
    const killer =
      dialect === 'mysql'
        ? "SELECT id AS pid FROM information_schema.processlist WHERE info LIKE 'INSERT INTO payments%SLEEP%'"
        : "SELECT pid FROM pg_stat_activity WHERE query LIKE 'INSERT INTO payments%pg_sleep%' AND pid <> pg_backend_pid()";
    let pid: unknown;
    for (let attempt = 0; attempt < 50 && pid === undefined; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pid = (await server.query(killer))[0]?.pid;
    }
    expect(pid).toBeDefined();
    await server.query(
      dialect === 'mysql' ? `KILL ${Number(pid)}` : `SELECT pg_terminate_backend(${Number(pid)})`,
    );
    const error = await posting;
    expect(error.kind).toBe('unavailable');
    expect(error.outcomeKnown).toBe(false);
    // The server rolled the transaction back; resolving by key finds nothing, and the retry posts once.
    expect(await billing.getPayment('OSMP:5005')).toBeUndefined();
    const retry = adapter(settings);
    await retry.postPayment(input);
    expect(await count("SELECT COUNT(*) AS n FROM payments WHERE ext_id = 'OSMP:5005'")).toBe(1);
  });

  it('answers unavailable, outcome known, once the server is stopped', async () => {
    const billing = adapter(abillsSettings(server));
    expect((await billing.findAccount('ivanov')).found).toBe(true);
    await server.close();
    const found = await billingError(billing.findAccount('ivanov'));
    expect(found.kind).toBe('unavailable');
    const posted = await billingError(
      billing.postPayment({
        idempotencyKey: 'OSMP:6006',
        account: 'ivanov',
        amountKopecks: 100,
        paidAt: new Date(),
        comment: '',
      }),
    );
    expect(posted.kind).toBe('unavailable');
    expect(posted.outcomeKnown).toBe(true);
  });
});
