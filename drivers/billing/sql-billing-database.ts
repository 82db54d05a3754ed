// One billing database behind the SQL billing adapter: a small pool (at most 2 connections, the box is
// a guest on the billing's server) over mysql2 or pg, both loaded only when a connection is first
// needed, so a box without a SQL billing never loads them. Statements go to the server with bound
// parameters (mysql2 execute = server-side prepared statements; pg = the extended protocol). Times come
// back as text in the billing's zone (set per session), DECIMAL/NUMERIC and BIGINT as strings.
import { createHash } from 'node:crypto';
import type { CompiledTemplate, SqlDialect } from './sql-billing-template.ts';

export type SqlRow = Record<string, unknown>;
export type SqlValue = string | number | null;

export interface SqlDatabaseOptions {
  dialect: SqlDialect;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** The billing's UTC offset, "+03:00": the session zone, so DATETIME/TIMESTAMP mean the same instant. */
  timeZone: string;
  timeoutMs: number;
}

export interface SqlSession {
  run(compiled: CompiledTemplate, values: SqlValue[]): Promise<SqlRow[]>;
}

export interface SqlDatabase extends SqlSession {
  /**
   * Runs `work` in one transaction holding an advisory lock named after `lockKey` (MySQL GET_LOCK,
   * PostgreSQL pg_advisory_xact_lock; neither needs a privilege), so two posts under the same key
   * never interleave even where the billing's table has no unique key (ABillS `payments.ext_id`).
   */
  transaction<T>(lockKey: string, work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How a driver error bears on the billing: see classifySqlError. */
export type SqlFailure = 'connection' | 'temporary' | 'duplicate' | 'statement';

const LOCK_WAIT_SECONDS = 10;

export function openSqlDatabase(options: SqlDatabaseOptions): SqlDatabase {
  return options.dialect === 'mysql' ? mysqlDatabase(options) : postgresDatabase(options);
}

function lockName(key: string): string {
  return `kassabox:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

function mysqlDatabase(options: SqlDatabaseOptions): SqlDatabase {
  type Pool = import('mysql2/promise').Pool;
  type Connection = import('mysql2/promise').PoolConnection;
  let pool: Promise<Pool> | undefined;
  const open = () => {
    pool ??= import('mysql2/promise').then((mysql) => {
      const created = mysql.createPool({
        host: options.host,
        port: options.port,
        database: options.database,
        user: options.user,
        password: options.password,
        connectionLimit: 2,
        maxIdle: 1,
        idleTimeout: 60_000,
        queueLimit: 50,
        connectTimeout: options.timeoutMs,
        enableKeepAlive: true,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        multipleStatements: false,
      });
      // The session zone makes TIMESTAMP columns and NOW() speak the billing's local time, as DATETIME does.
      created.pool.on('connection', (connection) => {
        connection.query('SET time_zone = ?', [options.timeZone]);
      });
      return created;
    });
    return pool;
  };
  const runOn = async (target: Pool | Connection, compiled: CompiledTemplate, values: SqlValue[]) => {
    // mysql2 sends a JS number as DOUBLE, which MySQL 8.0.22+ refuses for LIMIT ("Incorrect arguments to
    // mysqld_stmt_execute", sidorares/node-mysql2#1239); as text every server converts it to the column's type.
    const bound = values.map((value) => (typeof value === 'number' ? String(value) : value));
    const [rows] = await target.execute({ sql: compiled.text, values: bound, timeout: options.timeoutMs });
    return Array.isArray(rows) ? (rows as SqlRow[]) : [];
  };
  return {
    async run(compiled, values) {
      return runOn(await open(), compiled, values);
    },
    async transaction(lockKey, work) {
      const connection = await (await open()).getConnection();
      const name = lockName(lockKey);
      let broken = false;
      let locked = false;
      try {
        const [lockRows] = await connection.query('SELECT GET_LOCK(?, ?) AS granted', [
          name,
          LOCK_WAIT_SECONDS,
        ]);
        if (Number((lockRows as SqlRow[])[0]?.granted) !== 1) {
          throw Object.assign(new Error('another post under the same key holds the lock'), {
            code: 'LOCK_WAIT',
          });
        }
        locked = true;
        await connection.beginTransaction();
        const result = await work({ run: (compiled, values) => runOn(connection, compiled, values) });
        await connection.commit();
        return result;
      } catch (error) {
        // A rollback that fails means the connection is gone (and the server rolls back itself).
        await connection.rollback().catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        if (locked && !broken) {
          await connection.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => {
            broken = true;
          });
        }
        if (broken) connection.destroy();
        else connection.release();
      }
    },
    async close() {
      if (pool) await (await pool.catch(() => undefined))?.end();
      pool = undefined;
    },
  };
}

function postgresDatabase(options: SqlDatabaseOptions): SqlDatabase {
  type Pool = import('pg').Pool;
  type Client = import('pg').PoolClient;
  let pool: Promise<Pool> | undefined;
  const open = () => {
    pool ??= import('pg').then(({ default: pg }) => {
      // date, timestamp, timestamptz as the server's text, read by sql-billing-values in the billing's zone.
      const asText = new Set([1082, 1114, 1184]);
      const created = new pg.Pool({
        host: options.host,
        port: options.port,
        database: options.database,
        user: options.user,
        password: options.password,
        max: 2,
        idleTimeoutMillis: 60_000,
        connectionTimeoutMillis: options.timeoutMs,
        statement_timeout: options.timeoutMs,
        query_timeout: options.timeoutMs + 2_000,
        // The session zone, so timestamptz and now() speak the billing's local time. TimeZone takes a
        // POSIX zone, whose offsets count westward: +03:00 is written KBX-03:00.
        options: `-c TimeZone=${posixZone(options.timeZone)}`,
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
            asText.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as never,
        },
      });
      // An idle client whose server went away is reported here; the next query reconnects.
      created.on('error', () => undefined);
      return created;
    });
    return pool;
  };
  const runOn = async (target: Pool | Client, compiled: CompiledTemplate, values: SqlValue[]) => {
    const result = await target.query(compiled.text, values);
    return Array.isArray(result.rows) ? (result.rows as SqlRow[]) : [];
  };
  return {
    async run(compiled, values) {
      return runOn(await open(), compiled, values);
    },
    async transaction(lockKey, work) {
      const client = await (await open()).connect();
      let broken: Error | undefined;
      // A checked-out client has no pool listener: without ours a dropped connection would crash the box.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const lock = createHash('sha256').update(lockName(lockKey)).digest().readBigInt64BE(0);
        await client.query('SELECT pg_advisory_xact_lock($1)', [lock.toString()]);
        const result = await work({ run: (compiled, values) => runOn(client, compiled, values) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A rollback that fails means the connection is gone (and the server rolls back itself).
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async close() {
      if (pool) await (await pool.catch(() => undefined))?.end();
      pool = undefined;
    },
  };
}

/** "+03:00" → "KBX-03:00" (a POSIX zone spec; PostgreSQL reads a bare "+03:00" the POSIX way, as UTC-3). */
export function posixZone(offset: string): string {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) throw new RangeError(`not a UTC offset like +03:00: ${offset}`);
  return `KBX${match[1] === '+' ? '-' : '+'}${match[2]}:${match[3]}`;
}

const MYSQL_DUPLICATE = new Set([1062, 1586]);
// Lock wait timeout, deadlock, too many connections, server shutting down, read-only, query interrupted.
const MYSQL_TEMPORARY = new Set([1205, 1213, 1040, 1053, 1290, 1317, 3024]);
// Access and database errors at connect: the box cannot get in, which a person fixes; the payment waits.
const MYSQL_CONNECT = new Set([1044, 1045, 1049, 1129, 1130, 1203, 2002, 2003, 2006, 2013]);

/**
 * connection: the server could not be reached or the connection broke (what was sent may or may not
 * have happened); temporary: the server refused for now (deadlock, lock wait, too many connections,
 * statement timeout); duplicate: a unique key refused the row; statement: the template itself failed.
 */
export function classifySqlError(dialect: SqlDialect, error: unknown): SqlFailure {
  if (typeof error !== 'object' || error === null) return 'connection';
  const { code, errno, fatal, severity } = error as {
    code?: unknown;
    errno?: unknown;
    fatal?: unknown;
    severity?: unknown;
  };
  if (code === 'LOCK_WAIT') return 'temporary';
  if (dialect === 'mysql') {
    if (fatal === true) return 'connection';
    if (typeof errno === 'number' && typeof (error as { sqlState?: unknown }).sqlState === 'string') {
      if (MYSQL_DUPLICATE.has(errno)) return 'duplicate';
      if (MYSQL_TEMPORARY.has(errno)) return 'temporary';
      if (MYSQL_CONNECT.has(errno)) return 'connection';
      return 'statement';
    }
    return 'connection';
  }
  // pg: server errors carry a SQLSTATE and a severity; anything else is the socket or the pool.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string') {
    if (code === '23505') return 'duplicate';
    if (code.startsWith('08') || code.startsWith('28') || code === '3D000' || code.startsWith('57P')) {
      return 'connection';
    }
    if (
      code.startsWith('53') ||
      code === '40001' ||
      code === '40P01' ||
      code === '55P03' ||
      code === '57014'
    ) {
      return 'temporary';
    }
    return 'statement';
  }
  return 'connection';
}

/** The driver's own words, without a stack. */
export function sqlErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}
