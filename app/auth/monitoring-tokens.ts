// Monitoring tokens (issue 4 "Prometheus"): what a scraper presents to read GET /metrics — `kbm_` bearer
// tokens (bearer-tokens.ts) that belong to nobody. A separate kind from the sources' `kbx_` API tokens on
// purpose: a scraper's credentials sit in a monitoring server's config, so they may read the figures and
// nothing else (authenticate.ts lets them only into routes whose access says `monitoring: true`).
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { notFound } from '../http/errors.ts';
import type {
  MonitoringTokenRepository,
  MonitoringTokenRow,
} from '../storage/monitoring-token-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { BearerTokens, type IssuedBearerToken } from './bearer-tokens.ts';

export const MONITORING_TOKEN_PREFIX = 'kbm_';

export type IssuedMonitoringToken = IssuedBearerToken<MonitoringTokenRow>;

export class MonitoringTokenService {
  private readonly tokens: MonitoringTokenRepository;
  private readonly bearer: BearerTokens<MonitoringTokenRow, Record<never, never>>;

  constructor(tokens: MonitoringTokenRepository, audit: AuditLog, transaction: Transaction, clock: Clock) {
    this.tokens = tokens;
    this.bearer = new BearerTokens(
      { prefix: MONITORING_TOKEN_PREFIX, entity: 'monitoring_token', store: tokens },
      { audit, transaction, clock },
    );
  }

  issue(name: string, context: AuditContext): IssuedMonitoringToken {
    return this.bearer.issue({}, name, context);
  }

  list(): MonitoringTokenRow[] {
    return this.tokens.list();
  }

  revoke(tokenId: number, context: AuditContext): MonitoringTokenRow {
    const before = this.tokens.getById(tokenId);
    if (before === undefined) throw notFound('monitoring token', tokenId);
    return this.bearer.revoke(before, context);
  }

  /** The live token record for a presented token, or undefined when it is unknown or revoked. */
  authenticate(token: string): MonitoringTokenRow | undefined {
    return this.bearer.authenticate(token);
  }
}
