// The box's billing connections at run time (deps.billing): the CRUD service, one adapter per
// connection for channels, pollers and billing marks (built on first use, kept, dropped and closed when
// the connection changes or goes), and the account check a technician runs from the UI.
import {
  type BillingAdapter,
  BillingError,
  type BillingKind,
} from '../../drivers/billing/billing-adapter.ts';
import { createBillingAdapter } from '../../drivers/billing/create-billing-adapter.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { BillingConnectionRepository } from '../storage/billing-connection-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { BillingConnectionService } from './billing-connection-service.ts';

const RETIRE_AFTER_MS = 60_000;

export type BillingAdapterFactory = (
  kind: BillingKind,
  settings: unknown,
  secrets: unknown,
) => BillingAdapter;

export interface BillingConnectionsDeps {
  connections: BillingConnectionRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  logger: Logger;
  /** How an adapter is built; tests may hand in fakes. */
  createAdapter?: BillingAdapterFactory;
}

/** POST /billing-connections/:id/check: whether the billing knows the account, never an exception. */
export interface BillingCheckResult {
  ok: boolean;
  found: boolean | null;
  account: { account: string; name?: string; balanceKopecks?: number } | null;
  message: string;
}

export class BillingConnections {
  readonly service: BillingConnectionService;
  private readonly deps: BillingConnectionsDeps;
  private readonly adapters = new Map<number, BillingAdapter>();
  /** Adapters of changed connections, closed a little later so calls already on them can finish. */
  private readonly retired = new Map<BillingAdapter, NodeJS.Timeout>();

  constructor(deps: BillingConnectionsDeps) {
    this.deps = deps;
    this.service = new BillingConnectionService({ ...deps, onChanged: (id) => this.forget(id) });
  }

  /**
   * The connection's adapter, built on first use. Throws BillingError 'unavailable' when the connection
   * is gone or its stored settings no longer build an adapter: a person fixes that, the work waits.
   */
  adapterFor(connectionId: number): BillingAdapter {
    const cached = this.adapters.get(connectionId);
    if (cached) return cached;
    const row = this.deps.connections.getById(connectionId);
    if (!row) throw new BillingError('unavailable', `billing connection ${connectionId} does not exist`);
    let adapter: BillingAdapter;
    try {
      adapter = (this.deps.createAdapter ?? createBillingAdapter)(row.kind, row.settings, row.secrets);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BillingError('unavailable', `billing connection ${connectionId} cannot be used: ${reason}`, {
        cause: error,
      });
    }
    this.adapters.set(connectionId, adapter);
    return adapter;
  }

  async check(connectionId: number, account: string): Promise<BillingCheckResult> {
    this.service.get(connectionId);
    try {
      const result = await this.adapterFor(connectionId).findAccount(account);
      if (!result.found) return { ok: true, found: false, account: null, message: result.message };
      const name = result.account.name ? `, ${result.account.name}` : '';
      return { ok: true, found: true, account: result.account, message: `Лицевой счёт найден${name}` };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, found: null, account: null, message: `Биллинг не ответил: ${message}` };
    }
  }

  /** Closes every adapter's pools and sockets (server stop, after the loops that use them). */
  async close(): Promise<void> {
    const adapters = [...this.adapters.values(), ...this.retired.keys()];
    for (const timer of this.retired.values()) clearTimeout(timer);
    this.retired.clear();
    this.adapters.clear();
    await Promise.all(adapters.map((adapter) => this.closeQuietly(adapter)));
  }

  private forget(connectionId: number): void {
    const adapter = this.adapters.get(connectionId);
    if (!adapter) return;
    this.adapters.delete(connectionId);
    // The next call builds a new adapter; calls already holding the old one get time to finish on it.
    const timer = setTimeout(() => {
      this.retired.delete(adapter);
      void this.closeQuietly(adapter);
    }, RETIRE_AFTER_MS);
    timer.unref();
    this.retired.set(adapter, timer);
  }

  private async closeQuietly(adapter: BillingAdapter): Promise<void> {
    try {
      await adapter.close();
    } catch (error) {
      this.deps.logger.warn({ err: error, kind: adapter.kind }, 'a billing adapter did not close cleanly');
    }
  }
}
