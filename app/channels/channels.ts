// Translator mode as one object for deps: the channel endpoint's gateway, the channels API's admin,
// and the background billing post loop (started and stopped by app/server.ts).
import type { BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ScryptParams } from '../auth/password-hash.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { ChannelRow } from '../storage/channel-repository.ts';
import { ChannelRepository } from '../storage/channel-repository.ts';
import { ChannelTxnRepository } from '../storage/channel-txn-repository.ts';
import type { Db } from '../storage/database.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { InFlight } from './billing-post.ts';
import { BillingPostLoop } from './billing-post-loop.ts';
import { ChannelAdmin } from './channel-admin.ts';
import { ChannelAuth } from './channel-auth.ts';
import { ChannelGateway } from './channel-gateway.ts';
import { ChannelPayments, type PaymentAcceptor } from './channel-payments.ts';

export interface ChannelsDeps {
  db: Db;
  sources: SourceRepository;
  payments: PaymentAcceptor;
  /** The billing connection's adapter (deps.billing.adapterFor). */
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  logger: Logger;
  scryptParams: ScryptParams;
  view: (row: ChannelRow) => unknown;
  /** Background loop pacing; tests make it quick. */
  loopIntervalMs?: number;
}

export class Channels {
  readonly admin: ChannelAdmin;
  readonly gateway: ChannelGateway;
  readonly payments: ChannelPayments;
  readonly loop: BillingPostLoop;

  constructor(deps: ChannelsDeps) {
    const channels = new ChannelRepository(deps.db);
    const txns = new ChannelTxnRepository(deps.db);
    const inFlight = new InFlight();
    const logger = deps.logger.child({ module: 'channels' });
    this.loop = new BillingPostLoop({
      channels,
      txns,
      adapterFor: deps.adapterFor,
      inFlight,
      clock: deps.clock,
      logger,
      ...(deps.loopIntervalMs === undefined ? {} : { intervalMs: deps.loopIntervalMs }),
    });
    this.payments = new ChannelPayments({
      txns,
      payments: deps.payments,
      adapterFor: deps.adapterFor,
      inFlight,
      clock: deps.clock,
      logger,
      leftForLoop: () => this.loop.wake(),
    });
    this.gateway = new ChannelGateway({
      channels,
      txns,
      payments: this.payments,
      adapterFor: deps.adapterFor,
      auth: new ChannelAuth(deps.clock),
      logger,
    });
    this.admin = new ChannelAdmin({
      channels,
      txns,
      sources: deps.sources,
      audit: deps.audit,
      transaction: deps.transaction,
      clock: deps.clock,
      scryptParams: deps.scryptParams,
      view: deps.view,
      requeued: () => this.loop.wake(),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** After the HTTP server closed: the loop stops and the posts still running finish (or time out). */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.payments.settle();
  }
}
