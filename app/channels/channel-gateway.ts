// Translator mode, one notification at a time (issue 5): find the channel, authenticate the caller in
// the channel's protocol, parse, and answer: a check asks the billing within the deadline, a status
// reads the stored transaction, a payment goes to ChannelPayments (channel-payments.ts). Every answer,
// refusals included, is rendered by the channel's codec.
import type { BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import { BillingError } from '../../drivers/billing/billing-adapter.ts';
import type { Logger } from '../logger.ts';
import type { ChannelRepository, ChannelRow } from '../storage/channel-repository.ts';
import type { ChannelTxnRepository } from '../storage/channel-txn-repository.ts';
import type { ChannelAuth } from './channel-auth.ts';
import type { ChannelAnswer, ChannelRequest } from './channel-codec.ts';
import { escapeXml } from './channel-codec.ts';
import type { ChannelOutcome } from './channel-outcomes.ts';
import { type ChannelPayments, REFUSALS, refusalAnswer, success } from './channel-payments.ts';
import { type ChannelSettings, resolveChannelSettings } from './channel-settings.ts';
import { within } from './deadline.ts';
import { osmpCodec } from './osmp-codec.ts';
import { sberbankCodec } from './sberbank-codec.ts';

export const CODECS = { osmp: osmpCodec, sberbank: sberbankCodec } as const;

export interface ChannelCall {
  slug: string;
  params: Readonly<Record<string, string>>;
  ip: string;
  authorization: string | undefined;
}

export interface ChannelReply {
  status: number;
  contentType: string;
  body: Buffer;
  /** What to log about it (never the parameters: the secret travels in them). */
  summary: { channel: string; action?: string; txn_id?: string; outcome: ChannelOutcome; code: number };
}

export interface ChannelGatewayDeps {
  channels: ChannelRepository;
  txns: ChannelTxnRepository;
  payments: ChannelPayments;
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  auth: ChannelAuth;
  logger: Logger;
}

export class ChannelGateway {
  private readonly deps: ChannelGatewayDeps;

  constructor(deps: ChannelGatewayDeps) {
    this.deps = deps;
  }

  async handle(call: ChannelCall): Promise<ChannelReply> {
    // The channel's clock starts when the request arrives, before the credentials are checked.
    const receivedAt = Date.now();
    const channel = this.deps.channels.findBySlug(call.slug);
    if (channel === undefined) return unknownChannel(call.slug);
    const codec = CODECS[channel.protocol];
    const settings = resolveChannelSettings(channel.protocol, channel.settings);
    const reply = (answer: ChannelAnswer, request?: ChannelRequest, status = 200): ChannelReply => {
      const rendered = codec.render(answer, settings);
      const summary: ChannelReply['summary'] = {
        channel: channel.slug,
        outcome: answer.outcome,
        code: codec.code(answer.outcome, settings),
      };
      if (request) summary.action = request.action;
      if (request?.txnId !== undefined) summary.txn_id = request.txnId;
      return { status, ...rendered, summary };
    };

    const verdict = await this.deps.auth.check(channel, {
      ip: call.ip,
      authorization: call.authorization,
      secret: call.params[codec.secretParam],
    });
    if (!verdict.ok) {
      this.deps.logger.warn(
        { channel: channel.slug, ip: call.ip, reason: verdict.reason },
        'channel call refused',
      );
      return reply({ outcome: 'access_denied', message: 'доступ запрещён' }, undefined, 403);
    }
    if (!channel.enabled)
      return reply({ outcome: 'technical', message: 'приём платежей по этому каналу отключён в кассе' });
    const parsed = codec.parse(call.params, settings);
    if (!parsed.ok) return reply(parsed.answer);
    const request = parsed.request;
    if (request.action === 'check')
      return reply(await this.check(channel, settings, request, receivedAt), request);
    if (request.action === 'status') return reply(this.status(channel, request.txnId), request);
    return reply(await this.deps.payments.pay(channel, settings, request, receivedAt), request);
  }

  private async check(
    channel: ChannelRow,
    settings: ChannelSettings,
    request: Extract<ChannelRequest, { action: 'check' }>,
    receivedAt: number,
  ): Promise<ChannelAnswer> {
    const base = { txnId: request.txnId, amountKopecks: request.amountKopecks };
    if (channel.billingConnectionId === null) return { ...base, outcome: 'ok', message: 'OK' };
    const found = await within(
      (async () => this.deps.adapterFor(channel.billingConnectionId!).findAccount(request.account))(),
      receivedAt + settings.deadlineMs,
    );
    if (!found.settled)
      return { ...base, outcome: 'temporary', message: 'биллинг не ответил вовремя, повторите позже' };
    if ('error' in found) {
      const error = found.error;
      if (error instanceof BillingError && error.kind === 'protocol')
        return {
          ...base,
          outcome: 'cannot_check',
          message: 'невозможно проверить счёт: непонятный ответ биллинга',
        };
      if (error instanceof BillingError && error.kind === 'rejected')
        return { ...base, outcome: 'forbidden', message: error.message };
      return { ...base, outcome: 'temporary', message: 'биллинг недоступен, повторите позже' };
    }
    if (!found.value.found)
      return { ...base, outcome: REFUSALS[found.value.reason], message: found.value.message };
    const account = found.value.account;
    return {
      ...base,
      outcome: 'ok',
      message: 'OK',
      name: account.name,
      balanceKopecks: account.balanceKopecks,
    };
  }

  private status(channel: ChannelRow, txnId: string): ChannelAnswer {
    const txn = this.deps.txns.find(channel.id, txnId);
    if (txn === undefined)
      return { outcome: 'unknown_txn', message: `платёж txn_id ${txnId} не поступал`, txnId };
    if (txn.paymentId === null && (txn.refusal !== null || txn.billingState === 'rejected'))
      return refusalAnswer(txn);
    if (txn.paymentId === null) return { outcome: 'in_progress', message: 'платёж обрабатывается', txnId };
    return success(txn, 'ok', 'OK');
  }
}

function unknownChannel(slug: string): ChannelReply {
  // No channel, no protocol to answer in: a plain XML refusal both protocols' clients can read.
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n<result>300</result>\n<CODE>300</CODE>\n<comment>${escapeXml(
    'неизвестный канал',
  )}</comment>\n</response>\n`;
  return {
    status: 404,
    contentType: 'text/xml; charset=utf-8',
    body: Buffer.from(body, 'utf8'),
    summary: { channel: slug, outcome: 'access_denied', code: 300 },
  };
}
