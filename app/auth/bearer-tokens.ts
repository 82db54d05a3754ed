// What API tokens (sources, `kbx_`) and monitoring tokens (scrapers, `kbm_`) share: a token is the prefix
// plus 32 random bytes in base64url, shown once when it is issued; the database keeps its SHA-256 and the
// first characters (`prefix`) so an operator can tell tokens apart; revoking is audited and idempotent;
// authenticating refuses unknown and revoked tokens. The kinds differ only in their table, their owner
// (a source, or nobody) and the routes they open, which stay with their own services.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Transaction } from '../storage/transaction.ts';
import { randomToken, sha256Hex } from './secret-token.ts';

// last_used_at is written at most once a minute: every write is an fsync on the box's SD card, and a
// scraper asks every 15 s.
const TOUCH_INTERVAL_MS = 60 * 1000;
const SHOWN_RANDOM_CHARACTERS = 6;

export interface BearerTokenRow {
  id: number;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewBearerToken {
  name: string;
  prefix: string;
  tokenHash: string;
  createdByUserId: number | null;
  createdAt: string;
}

/** The SQL side (one repository per table); `Owner` is what a row of that kind belongs to. */
export interface BearerTokenStore<Row extends BearerTokenRow, Owner extends object> {
  insert(token: NewBearerToken & Owner): number;
  getById(id: number): Row | undefined;
  findByHash(tokenHash: string): Row | undefined;
  touch(id: number, at: string): void;
  revoke(id: number, at: string): void;
}

export interface BearerTokenKind<Row extends BearerTokenRow, Owner extends object> {
  /** `kbx_`, `kbm_`: tells the kinds apart before any lookup. */
  prefix: string;
  /** The audit entity: `api_token`, `monitoring_token`. */
  entity: string;
  store: BearerTokenStore<Row, Owner>;
}

export interface IssuedBearerToken<Row> {
  /** The secret itself. Returned to the operator once, never stored. */
  token: string;
  record: Row;
}

export interface BearerTokenDeps {
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
}

export class BearerTokens<Row extends BearerTokenRow, Owner extends object> {
  private readonly kind: BearerTokenKind<Row, Owner>;
  private readonly deps: BearerTokenDeps;

  constructor(kind: BearerTokenKind<Row, Owner>, deps: BearerTokenDeps) {
    this.kind = kind;
    this.deps = deps;
  }

  issue(owner: Owner, name: string, context: AuditContext): IssuedBearerToken<Row> {
    const { prefix, entity, store } = this.kind;
    const token = randomToken(prefix);
    const createdByUserId = context.actor.kind === 'user' ? context.actor.id : null;
    return this.deps.transaction(() => {
      const id = store.insert({
        ...owner,
        name,
        prefix: token.slice(0, prefix.length + SHOWN_RANDOM_CHARACTERS),
        tokenHash: sha256Hex(token),
        createdByUserId,
        createdAt: this.deps.clock.now().toISOString(),
      });
      const record = store.getById(id)!;
      this.deps.audit.record(context, { action: `${entity}.issue`, entity, entityId: id, after: record });
      return { token, record };
    });
  }

  /** Revoking a revoked token answers it unchanged (and audits nothing): the end state is the same. */
  revoke(before: Row, context: AuditContext): Row {
    if (before.revokedAt !== null) return before;
    const { entity, store } = this.kind;
    return this.deps.transaction(() => {
      store.revoke(before.id, this.deps.clock.now().toISOString());
      const after = store.getById(before.id)!;
      this.deps.audit.record(context, {
        action: `${entity}.revoke`,
        entity,
        entityId: before.id,
        before,
        after,
      });
      return after;
    });
  }

  /** The live token record for a presented token, or undefined when it is unknown or revoked. */
  authenticate(token: string): Row | undefined {
    const { prefix, store } = this.kind;
    if (!token.startsWith(prefix)) return undefined;
    const record = store.findByHash(sha256Hex(token));
    if (record === undefined || record.revokedAt !== null) return undefined;
    const now = this.deps.clock.now();
    if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_INTERVAL_MS) {
      store.touch(record.id, now.toISOString());
    }
    return record;
  }
}
