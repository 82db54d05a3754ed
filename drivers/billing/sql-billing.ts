// A billing reached through its own database (research/billing.md §4.9 item 5): MySQL/MariaDB (ABillS,
// MikBill, NoDeny, UTM5) or PostgreSQL. The ISP's technician writes the queries, because every billing
// (and every version) lays its tables out differently; the box binds their named parameters
// (sql-billing-template.ts) and reads the answers by column name:
//   find_account_sql     :account → one row with columns account, name?, balance?, active?
//   get_payment_sql      :key → the payment posted under our idempotency key (columns mapping)
//   post_payment_sql     :account :amount :key :paid_at :comment — one statement, or a list run in one
//                        transaction (NoDeny: INSERT INTO pays + UPDATE users SET balance, §4.7)
//   list_payments_sql    :last_id or :since, and :limit → payments oldest first (columns mapping)
//   mark_fiscalized_sql  :billing_payment_id :fn :fd :fp :fiscalized_at
// Posting is idempotent without relying on the billing's schema: look the key up, then, under an
// advisory lock on the key, look again and insert in one transaction; a unique key that refuses the row
// (MySQL 1062, PostgreSQL 23505) also means "already posted".
import {
  type BilledPayment,
  type BillingAdapter,
  BillingError,
  type BillingPayment,
  type FindAccountResult,
  type FiscalMark,
  foundAccount,
  type PaymentPage,
  type PostPaymentInput,
} from './billing-adapter.ts';
import {
  classifySqlError,
  openSqlDatabase,
  type SqlDatabase,
  type SqlRow,
  type SqlSession,
  sqlErrorMessage,
} from './sql-billing-database.ts';
import {
  type CompiledTemplates,
  compileAll,
  type SqlBillingSecrets,
  type SqlBillingSettings,
} from './sql-billing-settings.ts';
import { bindValues, type CompiledTemplate, type SqlParameter } from './sql-billing-template.ts';
import { amountFromSql, amountToSql, timeFromSql, timeToSql } from './sql-billing-values.ts';

export {
  type SqlBillingSecrets,
  SqlBillingSecretsSchema,
  type SqlBillingSettings,
  SqlBillingSettingsSchema,
  type SqlSettingsProblem,
  sqlSettingsProblems,
} from './sql-billing-settings.ts';

const DEFAULT_TIME_ZONE = '+03:00';
const DEFAULT_TIMEOUT_MS = 10_000;

export class SqlBillingAdapter implements BillingAdapter {
  readonly kind = 'sql' as const;
  readonly #settings: SqlBillingSettings;
  readonly #templates: CompiledTemplates;
  readonly #zone: string;
  readonly #database: SqlDatabase;
  /** Only with list_payments_sql: a connection without it cannot serve a poller (and says so). */
  readonly paymentsAfter?: (cursor: string | undefined, limit: number) => Promise<PaymentPage>;
  /** Only with mark_fiscalized_sql: without it, results back report that this billing cannot mark. */
  readonly markFiscalized?: (billingPaymentId: string, mark: FiscalMark) => Promise<void>;

  /** Throws SqlTemplateError for a template the box cannot run; opens nothing until the first call. */
  constructor(settings: SqlBillingSettings, secrets: SqlBillingSecrets) {
    this.#settings = settings;
    this.#templates = compileAll(settings);
    this.#zone = settings.time_zone ?? DEFAULT_TIME_ZONE;
    this.#database = openSqlDatabase({
      dialect: settings.dialect,
      host: settings.host,
      port: settings.port,
      database: settings.database,
      user: settings.user,
      password: secrets.password,
      timeZone: this.#zone,
      timeoutMs: settings.timeout_ms ?? DEFAULT_TIMEOUT_MS,
    });
    const { list, mark } = this.#templates;
    if (list) this.paymentsAfter = (cursor, limit) => this.#paymentsAfter(list, cursor, limit);
    if (mark) this.markFiscalized = (id, fiscalMark) => this.#markFiscalized(mark, id, fiscalMark);
  }

  async findAccount(account: string): Promise<FindAccountResult> {
    const rows = await this.#run('find_account_sql', this.#database, this.#templates.find, { account });
    const row = rows[0];
    if (!row)
      return { found: false, reason: 'not_found', message: `Лицевой счёт ${account} не найден в биллинге` };
    if (row.account === undefined) {
      throw new BillingError(
        'protocol',
        'find_account_sql: the answer has no column "account" (write … AS account)',
      );
    }
    if (row.active !== undefined && row.active !== null && !truthy(row.active)) {
      return { found: false, reason: 'inactive', message: `Лицевой счёт ${account} отключён в биллинге` };
    }
    const name = typeof row.name === 'string' && row.name.trim() !== '' ? row.name.trim() : undefined;
    const balance =
      row.balance === undefined || row.balance === null
        ? undefined
        : this.#read('find_account_sql', 'balance', () =>
            amountFromSql(row.balance, this.#settings.amount_unit),
          );
    return foundAccount(String(row.account), name, balance);
  }

  async getPayment(idempotencyKey: string): Promise<BillingPayment | undefined> {
    return this.#getPayment(this.#database, idempotencyKey);
  }

  async postPayment(input: PostPaymentInput): Promise<BillingPayment> {
    const { post, get } = this.#templates;
    if (post.length === 0 || !get) {
      throw new BillingError(
        'rejected',
        'This billing connection has no post_payment_sql: it cannot take payments',
      );
    }
    const earlier = await this.#getPayment(this.#database, input.idempotencyKey);
    if (earlier) return earlier;
    const values = {
      account: input.account,
      amount: amountToSql(input.amountKopecks, this.#settings.amount_unit),
      key: input.idempotencyKey,
      paid_at: timeToSql(input.paidAt, this.#zone),
      comment: input.comment,
    };
    // Inside the transaction driver errors stay raw, so they are read once, knowing what was sent.
    let sent = false;
    let step = 'get_payment_sql';
    try {
      return await this.#database.transaction(input.idempotencyKey, async (session) => {
        const raced = await this.#getPayment(session, input.idempotencyKey, true);
        if (raced) return raced;
        sent = true;
        for (const { field, compiled } of post) {
          step = field;
          await this.#run(field, session, compiled, values, true);
        }
        step = 'get_payment_sql';
        const posted = await this.#getPayment(session, input.idempotencyKey, true);
        if (!posted) {
          throw new BillingError(
            'rejected',
            `post_payment_sql stored no payment that get_payment_sql finds under key ${input.idempotencyKey}: is account ${input.account} unknown to the billing, or do the two templates not match?`,
          );
        }
        step = 'commit';
        return posted;
      });
    } catch (error) {
      if (error instanceof BillingError) throw error;
      if (classifySqlError(this.#settings.dialect, error) !== 'duplicate') {
        throw this.#toBillingError(step, error, sent);
      }
      const posted = await this.#getPayment(this.#database, input.idempotencyKey);
      if (posted) return posted;
      throw new BillingError(
        'rejected',
        `${step}: the billing refused a duplicate (${sqlErrorMessage(error)}) but get_payment_sql finds nothing under key ${input.idempotencyKey}`,
      );
    }
  }

  async #paymentsAfter(
    list: CompiledTemplate,
    cursor: string | undefined,
    limit: number,
  ): Promise<PaymentPage> {
    const byId = list.uses.has('last_id');
    const start = cursor ?? this.#settings.start_after ?? (byId ? '0' : new Date(0).toISOString());
    if (byId && !/^\d{1,19}$/.test(start))
      throw new BillingError('rejected', `Cursor ${start} is not a payment id`);
    if (!byId && Number.isNaN(Date.parse(start)))
      throw new BillingError('rejected', `Cursor ${start} is not a time`);
    const rows = await this.#run('list_payments_sql', this.#database, list, {
      last_id: byId ? start : null,
      since: byId ? null : timeToSql(new Date(start), this.#zone),
      limit,
    });
    const payments = rows.slice(0, limit).map((row) => this.#billed(row));
    const last = payments.at(-1);
    return { payments, cursor: last ? (byId ? last.billingPaymentId : last.paidAt) : start };
  }

  async #markFiscalized(
    compiled: CompiledTemplate,
    billingPaymentId: string,
    mark: FiscalMark,
  ): Promise<void> {
    await this.#run('mark_fiscalized_sql', this.#database, compiled, {
      billing_payment_id: billingPaymentId,
      fn: mark.fnNumber,
      fd: mark.fdNumber,
      fp: mark.fiscalSign,
      fiscalized_at: timeToSql(new Date(mark.fiscalizedAt), this.#zone),
    });
  }

  async close(): Promise<void> {
    await this.#database.close();
  }

  async #getPayment(session: SqlSession, key: string, raw = false): Promise<BillingPayment | undefined> {
    const get = this.#templates.get;
    if (!get) return undefined;
    const row = (await this.#run('get_payment_sql', session, get, { key }, raw))[0];
    if (!row) return undefined;
    const columns = this.#settings.columns;
    return {
      billingPaymentId: this.#column('get_payment_sql', row, columns.billing_payment_id, String),
      idempotencyKey: key,
      account: this.#column('get_payment_sql', row, columns.account, String),
      amountKopecks: this.#column('get_payment_sql', row, columns.amount, (value) =>
        amountFromSql(value, this.#settings.amount_unit),
      ),
    };
  }

  #billed(row: SqlRow): BilledPayment {
    const columns = this.#settings.columns;
    const field = 'list_payments_sql';
    const payment: BilledPayment = {
      billingPaymentId: this.#column(field, row, columns.billing_payment_id, String),
      account: this.#column(field, row, columns.account, String),
      amountKopecks: this.#column(field, row, columns.amount, (value) =>
        amountFromSql(value, this.#settings.amount_unit),
      ),
      paidAt: this.#column(field, row, columns.paid_at, (value) => timeFromSql(value, this.#zone)),
      method: 'electronic',
    };
    if (columns.method && row[columns.method] !== undefined && row[columns.method] !== null) {
      const method = String(row[columns.method]);
      if (this.#settings.cash_methods?.includes(method)) payment.method = 'cash';
    }
    const contact = columns.contact ? row[columns.contact] : undefined;
    if (typeof contact === 'string' && contact.trim() !== '') payment.customerContact = contact.trim();
    return payment;
  }

  #column<T>(field: string, row: SqlRow, column: string, read: (value: unknown) => T): T {
    const value = row[column];
    if (value === undefined || value === null) {
      const present = Object.keys(row).join(', ');
      throw new BillingError(
        'protocol',
        `${field}: the answer has no value in column "${column}" (columns: ${present})`,
      );
    }
    return this.#read(field, column, () => read(value));
  }

  #read<T>(field: string, column: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw new BillingError('protocol', `${field}: column "${column}": ${sqlErrorMessage(error)}`);
    }
  }

  async #run(
    field: string,
    session: SqlSession,
    compiled: CompiledTemplate,
    values: Partial<Record<SqlParameter, string | number | null>>,
    raw = false,
  ): Promise<SqlRow[]> {
    try {
      return await session.run(compiled, bindValues(compiled, values));
    } catch (error) {
      if (raw) throw error;
      throw this.#toBillingError(field, error, false);
    }
  }

  #toBillingError(field: string, error: unknown, sent: boolean): BillingError {
    if (error instanceof BillingError) return error;
    const message = sqlErrorMessage(error);
    switch (classifySqlError(this.#settings.dialect, error)) {
      case 'connection':
        return new BillingError('unavailable', `The billing database is unreachable: ${message}`, {
          outcomeKnown: !sent,
          cause: error,
        });
      case 'temporary':
        return new BillingError('unavailable', `${field}: the billing database is busy: ${message}`, {
          cause: error,
        });
      default:
        return new BillingError('rejected', `${field}: ${message}`, { cause: error });
    }
  }
}

function truthy(value: unknown): boolean {
  if (typeof value === 'string')
    return !['0', 'f', 'false', 'n', 'no', ''].includes(value.trim().toLowerCase());
  return Boolean(value);
}
