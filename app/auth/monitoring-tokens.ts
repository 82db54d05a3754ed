// Monitoring tokens (issue 4 "Prometheus"): what a scraper presents to read GET /metrics. A token is
// `kbm_` + 32 random bytes in base64url, shown once when it is created; the database keeps its SHA-256
// and the first characters (`prefix`). A separate kind from the sources' `kbx_` API tokens on purpose:
// a scraper's credentials sit in a monitoring server's config, so they may read the figures and nothing
// else (authenticate.ts lets them only into routes whose access says `monitoring: true`).
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { notFound } from '../http/errors.ts';
import type {
  MonitoringTokenRepository,
  MonitoringTokenRow,
} from '../storage/monitoring-token-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { randomToken, sha256Hex } from './secret-token.ts';

export const MONITORING_TOKEN_PREFIX = 'kbm_';
const SHOWN_PREFIX_LENGTH = MONITORING_TOKEN_PREFIX.length + 6;
// last_used_at is written at most once a minute: a scrape every 15 s must not fsync the SD card each time.
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface IssuedMonitoringToken {
  /** The secret itself. Returned to the admin once, never stored. */
  token: string;
  record: MonitoringTokenRow;
}

export class MonitoringTokenService {
  private readonly tokens: MonitoringTokenRepository;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;

  constructor(tokens: MonitoringTokenRepository, audit: AuditLog, transaction: Transaction, clock: Clock) {
    this.tokens = tokens;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  issue(name: string, context: AuditContext): IssuedMonitoringToken {
    const token = randomToken(MONITORING_TOKEN_PREFIX);
    const createdByUserId = context.actor.kind === 'user' ? context.actor.id : null;
    return this.transaction(() => {
      const id = this.tokens.insert({
        name,
        prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
        tokenHash: sha256Hex(token),
        createdByUserId,
        createdAt: this.clock.now().toISOString(),
      });
      const record = this.tokens.getById(id)!;
      this.audit.record(context, {
        action: 'monitoring_token.issue',
        entity: 'monitoring_token',
        entityId: id,
        after: record,
      });
      return { token, record };
    });
  }

  list(): MonitoringTokenRow[] {
    return this.tokens.list();
  }

  /** Revoking a revoked token answers it unchanged (and audits nothing): the end state is the same. */
  revoke(tokenId: number, context: AuditContext): MonitoringTokenRow {
    const before = this.tokens.getById(tokenId);
    if (before === undefined) throw notFound('monitoring token', tokenId);
    if (before.revokedAt !== null) return before;
    return this.transaction(() => {
      this.tokens.revoke(tokenId, this.clock.now().toISOString());
      const after = this.tokens.getById(tokenId)!;
      this.audit.record(context, {
        action: 'monitoring_token.revoke',
        entity: 'monitoring_token',
        entityId: tokenId,
        before,
        after,
      });
      return after;
    });
  }

  /** The live token record for a presented token, or undefined when it is unknown or revoked. */
  authenticate(token: string): MonitoringTokenRow | undefined {
    if (!token.startsWith(MONITORING_TOKEN_PREFIX)) return undefined;
    const record = this.tokens.findByHash(sha256Hex(token));
    if (record === undefined || record.revokedAt !== null) return undefined;
    const now = this.clock.now();
    if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_INTERVAL_MS) {
      this.tokens.touch(record.id, now.toISOString());
    }
    return record;
  }
}
