// Real MariaDB and PostgreSQL servers from the Debian packages (`make test-tools` installs them) for the
// SQL billing adapter's tests: each in its own data directory under a temp dir, on 127.0.0.1 and a free
// port, with one database and a user with a password, the way a billing's DBA would give the box.
// Started by the test, stopped and removed by close(). Tuned for speed (no fsync, small buffers): the
// data is thrown away.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const MARIADBD = process.env.MARIADBD ?? '/usr/sbin/mariadbd';
export const MARIADB_INSTALL_DB = process.env.MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';
const START_TIMEOUT_MS = 30_000;

export interface SqlServer {
  dialect: 'mysql' | 'postgres';
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Runs one statement as the test user in the test database; the rows of a SELECT (dates as text). */
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Stops the server (fast shutdown) and removes its data directory. Idempotent. */
  close(): Promise<void>;
}

const USER = 'kassabox';
const PASSWORD = 'box-secret-Pw1';
const DATABASE = 'billing';

export async function startMariaDb(): Promise<SqlServer> {
  requireBinary(MARIADBD, 'MariaDB (mariadb-server)');
  requireBinary(MARIADB_INSTALL_DB, 'MariaDB (mariadb-server)');
  const dir = await mkdtemp(join(tmpdir(), 'kbx-mariadb-'));
  const dataDir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  try {
    await run(MARIADB_INSTALL_DB, [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${describe(error)}`);
  }
  const port = await freePort();
  const child = spawn(
    MARIADBD,
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--skip-name-resolve',
      '--skip-log-bin',
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--innodb-buffer-pool-size=16M',
      '--innodb-log-file-size=8M',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
      '--performance-schema=0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  track(child);
  const server: ServerProcess = { child, dir, signal: 'SIGTERM' };
  const output = collect(child);
  const mysql = await import('mysql2/promise');
  const admin = await waitFor('MariaDB', child, output, () =>
    mysql.createConnection({ socketPath: socket, user: 'root' }),
  ).catch(async (error: unknown) => {
    await discard(server);
    throw error;
  });
  await admin.query(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4`);
  await admin.query(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`);
  await admin.query(`GRANT ALL ON ${DATABASE}.* TO '${USER}'@'%'`);
  await admin.end();
  const client = await mysql.createConnection({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: DATABASE,
    dateStrings: true,
  });

  return serverFor('mysql', port, server, {
    async query(sql, params) {
      const [rows] = await client.query(sql, params);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    end: () => client.end(),
  });
}

export async function startPostgres(): Promise<SqlServer> {
  const bin = postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'kbx-postgres-'));
  const dataDir = join(dir, 'data');
  // PostgreSQL refuses to run as root: initdb and the server run as the Debian package's `postgres`
  // user, in a directory it owns. setpriv execs in place, so signals reach postgres itself.
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  await chown(dir, Number(uid), Number(gid));
  const asPostgres = (command: string, args: string[]) => [
    '--reuid=postgres',
    '--regid=postgres',
    '--init-groups',
    '--',
    command,
    ...args,
  ];
  try {
    await run(
      'setpriv',
      asPostgres(join(bin, 'initdb'), [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--no-sync',
        '--encoding=UTF8',
        '--locale=C',
      ]),
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${describe(error)}`);
  }
  const port = await freePort();
  const child = spawn(
    'setpriv',
    asPostgres(join(bin, 'postgres'), [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'shared_buffers=16MB',
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  track(child);
  // SIGINT is postgres' fast shutdown.
  const server: ServerProcess = { child, dir, signal: 'SIGINT' };
  const output = collect(child);
  const { default: pg } = await import('pg');
  const connect = async (options: import('pg').ClientConfig) => {
    const client = new pg.Client(options);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };
  const admin = await waitFor('PostgreSQL', child, output, () =>
    connect({ host: dir, port, user: 'postgres', database: 'postgres' }),
  ).catch(async (error: unknown) => {
    await discard(server);
    throw error;
  });
  await admin.query(`CREATE USER ${USER} PASSWORD '${PASSWORD}'`);
  await admin.query(`CREATE DATABASE ${DATABASE} OWNER ${USER} ENCODING 'UTF8'`);
  await admin.end();
  // Dates as the server's text, as the mysql client above gives them (date, timestamp, timestamptz).
  const asText = new Set([1082, 1114, 1184]);
  const client = await connect({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: DATABASE,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        asText.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as never,
    },
  });

  return serverFor('postgres', port, server, {
    async query(sql, params) {
      const result = await client.query(sql, params);
      return result.rows;
    },
    end: () => client.end(),
  });
}

/** A running server process and the temp directory it lives in; `signal` is its fast shutdown. */
interface ServerProcess {
  child: ChildProcess;
  dir: string;
  signal: NodeJS.Signals;
}

async function discard(server: ServerProcess): Promise<void> {
  await stop(server.child, server.signal);
  await rm(server.dir, { recursive: true, force: true });
}

/** What a test gets: the test user's connection, and a close() that ends it and discards the server. */
function serverFor(
  dialect: SqlServer['dialect'],
  port: number,
  server: ServerProcess,
  client: { query: SqlServer['query']; end(): Promise<void> },
): SqlServer {
  let closed: Promise<void> | undefined;
  return {
    dialect,
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: DATABASE,
    query: client.query,
    close() {
      closed ??= (async () => {
        await client.end().catch(() => undefined);
        await discard(server);
      })();
      return closed;
    },
  };
}

/** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/<major>/bin). */
function postgresBinDir(): string {
  const root = process.env.POSTGRES_LIB ?? '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `PostgreSQL is not installed (no ${root}/<version>/bin/postgres): run \`make test-tools\``,
    );
  }
  return join(root, versions[0]!, 'bin');
}

function requireBinary(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} is not installed (no ${path}): run \`make test-tools\``);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function collect(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

/** Polls `connect` until the server accepts a connection, the process exits, or the time is up. */
async function waitFor<T>(
  what: string,
  child: ChildProcess,
  output: () => string,
  connect: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited before accepting connections:\n${output()}`);
    }
    try {
      return await connect();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(
    `${what} did not accept connections within ${START_TIMEOUT_MS} ms (${describe(lastError)}):\n${output()}`,
  );
}

// Servers still running when the test process exits (a worker killed on a timeout, a crash) would
// outlive it and keep their ports: kill them on the way out.
const running = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const server of running) server.kill('SIGKILL');
  });
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    return typeof stderr === 'string' && stderr.trim() ? `${error.message}\n${stderr}` : error.message;
  }
  return String(error);
}
