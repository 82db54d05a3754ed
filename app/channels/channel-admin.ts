// Use cases of payment channels for people (docs/api.md "Payment channels"): create, change, remove,
// read their transactions, and send a refused one back to the billing. Every change is audited with the
// channel as the API shows it (secrets only as *_set flags). A channel is never open: it needs at least
// one of an IP list, Basic auth or a secret.
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import { hashPassword, type ScryptParams } from '../auth/password-hash.ts';
import type { Clock } from '../clock.ts';
import { isValidTimeZone } from '../domain/device-time.ts';
import { conflict, inUse, invalidField, notFound } from '../http/errors.ts';
import type { ChannelFields, ChannelRepository, ChannelRow } from '../storage/channel-repository.ts';
import type { BillingState, ChannelTxnRepository, ChannelTxnRow } from '../storage/channel-txn-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { parseCidr } from './channel-auth.ts';
import type { ChannelProtocol, ChannelSettingsJson } from './channel-settings.ts';

export interface ChannelInput {
  sourceId: number;
  slug: string;
  protocol: ChannelProtocol;
  billingConnectionId?: number | null;
  settings?: ChannelSettingsJson;
  allowedIps?: string[];
  basicUsername?: string | null;
  /** Plain text; null removes it, undefined keeps it. */
  basicPassword?: string | null;
  secret?: string | null;
  enabled?: boolean;
}

export type ChannelChange = Partial<Omit<ChannelInput, 'sourceId' | 'protocol'>>;

export interface ChannelAdminDeps {
  channels: ChannelRepository;
  txns: ChannelTxnRepository;
  sources: SourceRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  scryptParams: ScryptParams;
  /** How the audit and the API show a channel. */
  view: (row: ChannelRow) => unknown;
  /** A transaction was sent back to the billing. */
  requeued: () => void;
}

export class ChannelAdmin {
  private readonly deps: ChannelAdminDeps;

  constructor(deps: ChannelAdminDeps) {
    this.deps = deps;
  }

  list(): ChannelRow[] {
    return this.deps.channels.list();
  }

  get(id: number): ChannelRow {
    const channel = this.deps.channels.getById(id);
    if (channel === undefined) throw notFound('channel', id);
    return channel;
  }

  async create(input: ChannelInput, context: AuditContext): Promise<ChannelRow> {
    const source = this.deps.sources.getById(input.sourceId);
    if (source === undefined) throw invalidField('/source_id', `source ${input.sourceId} does not exist`);
    if (source.kind !== 'api')
      throw invalidField(
        '/source_id',
        `source ${input.sourceId} is the cash desk's; give the channel a source of its own`,
      );
    const fields = await this.fields(
      {
        sourceId: input.sourceId,
        slug: input.slug,
        protocol: input.protocol,
        billingConnectionId: null,
        settings: {},
        allowedIps: [],
        basicUsername: null,
        basicPasswordHash: null,
        secretHash: null,
        enabled: true,
      },
      input,
      undefined,
    );
    return this.deps.transaction(() => {
      const id = this.deps.channels.insert(fields, this.deps.clock.now().toISOString());
      const after = this.deps.channels.getById(id)!;
      this.deps.audit.record(context, {
        action: 'channel.create',
        entity: 'channel',
        entityId: id,
        after: this.deps.view(after),
      });
      return after;
    });
  }

  async update(id: number, change: ChannelChange, context: AuditContext): Promise<ChannelRow> {
    const before = this.get(id);
    const fields = await this.fields(before, change, id);
    return this.deps.transaction(() => {
      this.deps.channels.update(id, fields, this.deps.clock.now().toISOString());
      const after = this.deps.channels.getById(id)!;
      this.deps.audit.record(context, {
        action: 'channel.update',
        entity: 'channel',
        entityId: id,
        before: this.deps.view(before),
        after: this.deps.view(after),
      });
      return after;
    });
  }

  /** A channel that has taken transactions stays (they refer to it): disable it instead. */
  remove(id: number, context: AuditContext): void {
    const before = this.get(id);
    const count = this.deps.channels.transactionCount(id);
    if (count > 0)
      throw inUse(`channel ${id} has ${count} transaction(s); disable it instead of removing it`);
    this.deps.transaction(() => {
      this.deps.channels.delete(id);
      this.deps.audit.record(context, {
        action: 'channel.delete',
        entity: 'channel',
        entityId: id,
        before: this.deps.view(before),
      });
    });
  }

  transactions(
    id: number,
    filter: { limit: number; beforeId?: number | undefined; state?: BillingState | undefined },
  ): ChannelTxnRow[] {
    this.get(id);
    return this.deps.txns.list(id, filter);
  }

  /** A refused post of a taken payment goes back to the billing (after the account was fixed there). */
  retryTransaction(id: number, txnId: number, context: AuditContext): ChannelTxnRow {
    this.get(id);
    const before = this.deps.txns.getById(txnId);
    if (before === undefined || before.channelId !== id) throw notFound('channel transaction', txnId);
    if (before.billingState !== 'rejected' || before.paymentId === null)
      throw conflict(
        `transaction ${txnId} is ${before.billingState}${before.paymentId === null ? ' and was refused to the channel' : ''}; only a taken payment the billing refused can be retried`,
      );
    const after = this.deps.transaction(() => {
      this.deps.txns.requeue(txnId, this.deps.clock.now().toISOString());
      const after = this.deps.txns.getById(txnId)!;
      this.deps.audit.record(context, {
        action: 'channel_txn.retry',
        entity: 'channel_txn',
        entityId: txnId,
        before,
        after,
      });
      return after;
    });
    this.deps.requeued();
    return after;
  }

  private async fields(
    base: ChannelFields,
    change: ChannelChange,
    id: number | undefined,
  ): Promise<ChannelFields> {
    const fields: ChannelFields = {
      ...base,
      slug: change.slug ?? base.slug,
      billingConnectionId:
        change.billingConnectionId === undefined ? base.billingConnectionId : change.billingConnectionId,
      settings: change.settings ?? base.settings,
      allowedIps: change.allowedIps ?? base.allowedIps,
      basicUsername: change.basicUsername === undefined ? base.basicUsername : change.basicUsername,
      enabled: change.enabled ?? base.enabled,
    };
    if (change.basicPassword !== undefined)
      fields.basicPasswordHash = change.basicPassword === null ? null : await this.hash(change.basicPassword);
    if (change.secret !== undefined)
      fields.secretHash = change.secret === null ? null : await this.hash(change.secret);
    if (fields.basicUsername === null) fields.basicPasswordHash = null;
    this.check(fields, id);
    return fields;
  }

  private check(fields: ChannelFields, id: number | undefined): void {
    const sameSlug = this.deps.channels.findBySlug(fields.slug);
    if (sameSlug !== undefined && sameSlug.id !== id)
      throw conflict(`a channel with slug "${fields.slug}" already exists (id ${sameSlug.id})`);
    const sameSource = this.deps.channels.findBySource(fields.sourceId);
    if (sameSource !== undefined && sameSource.id !== id)
      throw conflict(
        `source ${fields.sourceId} already has channel ${sameSource.id}; give each channel its own source`,
      );
    if (
      fields.billingConnectionId !== null &&
      !this.deps.channels.billingConnectionExists(fields.billingConnectionId)
    )
      throw invalidField(
        '/billing_connection_id',
        `billing connection ${fields.billingConnectionId} does not exist`,
      );
    fields.allowedIps.forEach((entry, index) => {
      if (parseCidr(entry) === undefined)
        throw invalidField(
          `/allowed_ips/${index}`,
          'must be an IP address or a CIDR range such as 79.142.16.0/20',
        );
    });
    if (fields.basicUsername !== null && fields.basicPasswordHash === null)
      throw invalidField('/basic_password', 'is required with basic_username');
    if (fields.allowedIps.length === 0 && fields.basicUsername === null && fields.secretHash === null)
      throw invalidField(
        '/allowed_ips',
        'a channel needs at least one of allowed_ips, basic auth or a secret',
      );
    const settings = fields.settings;
    if (settings.account_pattern !== undefined) {
      try {
        new RegExp(settings.account_pattern);
      } catch {
        throw invalidField('/settings/account_pattern', 'is not a valid regular expression');
      }
    }
    if (settings.timezone !== undefined && !isValidTimeZone(settings.timezone))
      throw invalidField('/settings/timezone', 'must be an IANA time zone such as Europe/Moscow');
    if (
      settings.min_amount_kopecks !== undefined &&
      settings.max_amount_kopecks !== undefined &&
      settings.min_amount_kopecks > settings.max_amount_kopecks
    )
      throw invalidField('/settings/max_amount_kopecks', 'must not be below min_amount_kopecks');
    if (fields.protocol === 'osmp') {
      for (const key of ['param_case', 'encoding'] as const)
        if (settings[key] !== undefined)
          throw invalidField(`/settings/${key}`, 'applies to Sberbank channels only');
    }
  }

  private hash(secret: string): Promise<string> {
    return hashPassword(secret, this.deps.scryptParams);
  }
}
