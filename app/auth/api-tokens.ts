// API tokens of sources (issue 2: "stored hashed, revocable, scoped to the source"): `kbx_` bearer tokens
// (bearer-tokens.ts), each belonging to one source and opening only the payment routes.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { notFound } from '../http/errors.ts';
import type { ApiTokenRepository, ApiTokenRow } from '../storage/api-token-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { BearerTokens, type IssuedBearerToken } from './bearer-tokens.ts';

export const API_TOKEN_PREFIX = 'kbx_';

export type IssuedToken = IssuedBearerToken<ApiTokenRow>;

export class ApiTokenService {
  private readonly tokens: ApiTokenRepository;
  private readonly sources: SourceRepository;
  private readonly bearer: BearerTokens<ApiTokenRow, { sourceId: number }>;

  constructor(
    tokens: ApiTokenRepository,
    sources: SourceRepository,
    audit: AuditLog,
    transaction: Transaction,
    clock: Clock,
  ) {
    this.tokens = tokens;
    this.sources = sources;
    this.bearer = new BearerTokens(
      { prefix: API_TOKEN_PREFIX, entity: 'api_token', store: tokens },
      { audit, transaction, clock },
    );
  }

  issue(sourceId: number, name: string, context: AuditContext): IssuedToken {
    this.requireSource(sourceId);
    return this.bearer.issue({ sourceId }, name, context);
  }

  list(sourceId: number): ApiTokenRow[] {
    this.requireSource(sourceId);
    return this.tokens.listBySource(sourceId);
  }

  revoke(sourceId: number, tokenId: number, context: AuditContext): ApiTokenRow {
    this.requireSource(sourceId);
    const before = this.tokens.getById(tokenId);
    if (before === undefined || before.sourceId !== sourceId) throw notFound('api token', tokenId);
    return this.bearer.revoke(before, context);
  }

  /** The live token record for a presented token, or undefined when it is unknown or revoked. */
  authenticate(token: string): ApiTokenRow | undefined {
    return this.bearer.authenticate(token);
  }

  private requireSource(sourceId: number): void {
    if (this.sources.getById(sourceId) === undefined) throw notFound('source', sourceId);
  }
}
