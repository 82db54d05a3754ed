// The composition root (STYLE: one `deps` handed to buildApp and the workers; no module-level state).
// AppDeps is the one place that names every long-lived object; createAppDeps wires them over an open
// database. To add a service (payments, pipeline…): add a field here, build it in createAppDeps, and
// read it from `deps` in a route module.
import { AuditLog } from './audit/audit-log.ts';
import { ApiTokenService } from './auth/api-tokens.ts';
import { LoginService } from './auth/login.ts';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './auth/password-hash.ts';
import { SessionService } from './auth/sessions.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { OrganizationService } from './organizations/organization-service.ts';
import { RegisterService } from './registers/register-service.ts';
import { SourceService } from './sources/source-service.ts';
import { ApiTokenRepository } from './storage/api-token-repository.ts';
import { AuditRepository } from './storage/audit-repository.ts';
import type { Db } from './storage/database.ts';
import { OrganizationRepository } from './storage/organization-repository.ts';
import { RegisterRepository } from './storage/register-repository.ts';
import { SessionRepository } from './storage/session-repository.ts';
import { SourceRepository } from './storage/source-repository.ts';
import { type Transaction, transactionOf } from './storage/transaction.ts';
import { UserRepository } from './storage/user-repository.ts';
import { VERSION } from './version.ts';

export interface AppRepositories {
  users: UserRepository;
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  audit: AuditRepository;
  organizations: OrganizationRepository;
  sources: SourceRepository;
  registers: RegisterRepository;
}

export interface AuthServices {
  login: LoginService;
  sessions: SessionService;
  apiTokens: ApiTokenService;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  transaction: Transaction;
  version: string;
  /** When this process started serving, for uptime in /health. */
  startedAt: Date;
  repositories: AppRepositories;
  audit: AuditLog;
  auth: AuthServices;
  organizations: OrganizationService;
  sources: SourceService;
  registers: RegisterService;
}

export interface CreateAppDepsOptions {
  config: Config;
  logger: Logger;
  /** An open database (storage/database.ts openDatabase): the caller owns opening and closing it. */
  db: Db;
  clock?: Clock;
  /** Tests lower the scrypt cost; production keeps the default. */
  scryptParams?: ScryptParams;
}

export function createAppDeps(options: CreateAppDepsOptions): AppDeps {
  const { config, logger, db } = options;
  const clock = options.clock ?? systemClock;
  const transaction = transactionOf(db);
  const repositories: AppRepositories = {
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    apiTokens: new ApiTokenRepository(db),
    audit: new AuditRepository(db),
    organizations: new OrganizationRepository(db),
    sources: new SourceRepository(db),
    registers: new RegisterRepository(db),
  };
  const audit = new AuditLog(repositories.audit, clock);
  const sessions = new SessionService(repositories.sessions, repositories.users, clock);
  const scryptParams = options.scryptParams ?? DEFAULT_SCRYPT_PARAMS;
  return {
    config,
    logger,
    clock,
    db,
    transaction,
    version: VERSION,
    startedAt: clock.now(),
    repositories,
    audit,
    auth: {
      sessions,
      login: new LoginService(repositories.users, sessions, audit, transaction, clock, scryptParams),
      apiTokens: new ApiTokenService(repositories.apiTokens, repositories.sources, audit, transaction, clock),
    },
    organizations: new OrganizationService(repositories.organizations, audit, transaction, clock),
    sources: new SourceService(repositories.sources, repositories.organizations, audit, transaction, clock),
    registers: new RegisterService(
      repositories.registers,
      repositories.organizations,
      audit,
      transaction,
      clock,
    ),
  };
}
