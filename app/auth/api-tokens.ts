// API tokens of sources (issue 2: "stored hashed, revocable, scoped to the source"). A token is
// `kbx_` + 32 random bytes in base64url, shown once when it is issued; the database keeps its SHA-256
// and the first characters (`prefix`) so an operator can tell tokens apart in a list.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { notFound } from '../http/errors.ts';
import type { ApiTokenRepository, ApiTokenRow } from '../storage/api-token-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { randomToken, sha256Hex } from './secret-token.ts';

export const API_TOKEN_PREFIX = 'kbx_';
const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;
// last_used_at is written at most once a minute: every write is an fsync on the box's SD card.
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface IssuedToken {
  /** The secret itself. Returned to the operator once, never stored. */
  token: string;
  record: ApiTokenRow;
}

export class ApiTokenService {
  private readonly tokens: ApiTokenRepository;
  private readonly sources: SourceRepository;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;

  constructor(
    tokens: ApiTokenRepository,
    sources: SourceRepository,
    audit: AuditLog,
    transaction: Transaction,
    clock: Clock,
  ) {
    this.tokens = tokens;
    this.sources = sources;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  issue(sourceId: number, name: string, context: AuditContext): IssuedToken {
    this.requireSource(sourceId);
    const token = randomToken(API_TOKEN_PREFIX);
    const createdByUserId = context.actor.kind === 'user' ? context.actor.id : null;
    return this.transaction(() => {
      const id = this.tokens.insert({
        sourceId,
        name,
        prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
        tokenHash: sha256Hex(token),
        createdByUserId,
        createdAt: this.clock.now().toISOString(),
      });
      const record = this.tokens.getById(id)!;
      this.audit.record(context, {
        action: 'api_token.issue',
        entity: 'api_token',
        entityId: id,
        after: record,
      });
      return { token, record };
    });
  }

  list(sourceId: number): ApiTokenRow[] {
    this.requireSource(sourceId);
    return this.tokens.listBySource(sourceId);
  }

  revoke(sourceId: number, tokenId: number, context: AuditContext): ApiTokenRow {
    this.requireSource(sourceId);
    const before = this.tokens.getById(tokenId);
    if (before === undefined || before.sourceId !== sourceId) throw notFound('api token', tokenId);
    if (before.revokedAt !== null) return before;
    return this.transaction(() => {
      this.tokens.revoke(tokenId, this.clock.now().toISOString());
      const after = this.tokens.getById(tokenId)!;
      this.audit.record(context, {
        action: 'api_token.revoke',
        entity: 'api_token',
        entityId: tokenId,
        before,
        after,
      });
      return after;
    });
  }

  /** The live token record for a presented token, or undefined when it is unknown or revoked. */
  authenticate(token: string): ApiTokenRow | undefined {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const record = this.tokens.findByHash(sha256Hex(token));
    if (record === undefined || record.revokedAt !== null) return undefined;
    const now = this.clock.now();
    if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_INTERVAL_MS) {
      this.tokens.touch(record.id, now.toISOString());
    }
    return record;
  }

  private requireSource(sourceId: number): void {
    if (this.sources.getById(sourceId) === undefined) throw notFound('source', sourceId);
  }
}
