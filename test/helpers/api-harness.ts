// A real KassaBox API over a real SQLite file in a temp dir, driven with app.inject (integration tier).
// The log goes to memory so tests can prove that no secret reaches it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ensureFirstAdmin } from '../../app/auth/first-admin.ts';
import type { ScryptParams } from '../../app/auth/password-hash.ts';
import type { Clock } from '../../app/clock.ts';
import { loadConfig } from '../../app/config.ts';
import { type AppDeps, type CreateAppDepsOptions, createAppDeps } from '../../app/deps.ts';
import { type BuildAppOptions, buildApp } from '../../app/http/build-app.ts';
import { createLogger } from '../../app/logger.ts';
import { openDatabase } from '../../app/storage/database.ts';

export const ADMIN_PASSWORD = 'correct horse battery staple';
/** Cheap scrypt parameters: the tests exercise the logic, not the cost. */
export const FAST_SCRYPT: ScryptParams = { ln: 10, r: 8, p: 1 };

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  private current: Date;

  constructor(start = new Date('2026-11-22T10:00:00.000Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * What a logged-in browser sends: the session cookie, and the session's CSRF token that every POST,
 * PUT, PATCH and DELETE must carry. Spread it into `headers` (it does no harm on a GET).
 */
export type SessionHeaders = { cookie: string; 'x-csrf-token': string };

/** Logs in through the API (password or PIN) and answers the headers of the new session. */
export async function logIn(
  app: FastifyInstance,
  username: string,
  credential: { password: string } | { pin: string },
): Promise<SessionHeaders> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, ...credential },
  });
  if (response.statusCode !== 200) {
    throw new Error(`login of ${username} failed: ${response.statusCode} ${response.body}`);
  }
  return sessionHeadersOf(response);
}

/** The session headers from a login (or setup) answer. */
export function sessionHeadersOf(response: LightMyRequestResponse): SessionHeaders {
  const cookie = response.cookies.find((c) => c.name === 'kassabox_session');
  if (cookie === undefined) throw new Error(`no session cookie in ${response.statusCode} ${response.body}`);
  return { cookie: `kassabox_session=${cookie.value}`, 'x-csrf-token': response.json().csrf_token };
}

export interface TestApi {
  app: FastifyInstance;
  deps: AppDeps;
  clock: TestClock;
  dataDir: string;
  /** Everything logged so far, as written. */
  logText(): string;
  /** Logs in as the first admin (a new session each time) and returns its headers. */
  loginAdmin(): Promise<SessionHeaders>;
  /** app.inject with the admin's session cookie and CSRF token. */
  asAdmin(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestApiOptions extends BuildAppOptions {
  env?: Record<string, string>;
  /** A fresh box on its first run: no KASSABOX_ADMIN_PASSWORD, so no user until POST /setup. */
  withoutAdmin?: boolean;
  /** How registers reach a device (a fake or a simulator); the test calls deps.pipeline.start(). */
  devices?: Pick<CreateAppDepsOptions, 'registrarFactory' | 'workerTiming' | 'billingAdapterFor'>;
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kassabox-api-'));
  const config = loadConfig({
    KASSABOX_DATA_DIR: dataDir,
    ...(options.withoutAdmin ? {} : { KASSABOX_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    KASSABOX_LOG_LEVEL: 'trace',
    ...options.env,
  });
  const lines: string[] = [];
  const logger = createLogger({
    level: config.logLevel,
    destination: { write: (line: string) => lines.push(line) },
  });
  const db = openDatabase(config.databaseFile);
  const clock = new TestClock();
  const deps = createAppDeps({ config, logger, db, clock, scryptParams: FAST_SCRYPT, ...options.devices });
  await ensureFirstAdmin(
    {
      users: deps.repositories.users,
      audit: deps.audit,
      transaction: deps.transaction,
      clock,
      scryptParams: FAST_SCRYPT,
    },
    config,
  );
  const app = await buildApp(deps, options);
  await app.ready();

  let adminSession: SessionHeaders | undefined;
  const loginAdmin = () => logIn(app, 'admin', { password: ADMIN_PASSWORD });

  return {
    app,
    deps,
    clock,
    dataDir,
    logText: () => lines.join(''),
    loginAdmin,
    asAdmin: async (request) => {
      adminSession ??= await loginAdmin();
      return app.inject({ ...request, headers: { ...request.headers, ...adminSession } });
    },
    close: async () => {
      await app.close();
      await deps.pipeline.stop();
      db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
