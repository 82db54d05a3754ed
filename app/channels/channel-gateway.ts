// Translator mode, one notification at a time (issue 5): authenticate the caller in the channel's
// protocol, parse, and for a payment: store (channel, txn_id) first, check the account and post the
// payment to the billing within the channel's deadline, take the box payment (its receipt) exactly
// once, and answer from what is stored. A billing that is down or slow does not lose the payment: it
// is taken and answered, and the post is finished by BillingPostLoop. A billing that refuses for good
// before the answer gets its refusal passed on, and no receipt is made (no money was taken).
import type { AccountRefusal, BillingAdapter } from '../../drivers/billing/billing-adapter.ts';
import { BillingError } from '../../drivers/billing/billing-adapter.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { type AcceptPaymentInput, PaymentConflictError } from '../payments/accept-payment.ts';
import type { ChannelRepository, ChannelRow } from '../storage/channel-repository.ts';
import type { ChannelTxnRepository, ChannelTxnRow } from '../storage/channel-txn-repository.ts';
import type { PaymentRow } from '../storage/payment-repository.ts';
import { type InFlight, postComment, postToBilling } from './billing-post.ts';
import type { ChannelAuth } from './channel-auth.ts';
import type { ChannelAnswer, ChannelRequest } from './channel-codec.ts';
import { escapeXml } from './channel-codec.ts';
import type { ChannelOutcome } from './channel-outcomes.ts';
import { type ChannelSettings, resolveChannelSettings } from './channel-settings.ts';
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

export interface PaymentAcceptor {
  accept(
    input: AcceptPaymentInput,
    onCreated?: (payment: PaymentRow) => void,
  ): { view: { payment: PaymentRow } };
}

export interface ChannelGatewayDeps {
  channels: ChannelRepository;
  txns: ChannelTxnRepository;
  payments: PaymentAcceptor;
  adapterFor: (billingConnectionId: number) => BillingAdapter;
  auth: ChannelAuth;
  inFlight: InFlight;
  clock: Clock;
  logger: Logger;
  /** A taken payment's billing post was left for the background loop. */
  leftForLoop: () => void;
}

const REFUSALS: Record<AccountRefusal, ChannelOutcome> = {
  not_found: 'account_not_found',
  bad_format: 'bad_account',
  inactive: 'account_inactive',
  forbidden: 'forbidden',
};

type Within<T> = { settled: true; value: T } | { settled: true; error: unknown } | { settled: false };

/** Waits for `work` until `deadline` (epoch ms); the work goes on after it, its failure swallowed. */
async function within<T>(work: Promise<T>, deadline: number): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), Math.max(0, deadline - Date.now()));
  });
  const done = work.then(
    (value): Within<T> => ({ settled: true, value }),
    (error: unknown): Within<T> => ({ settled: true, error }),
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

type BillingDecision =
  | { kind: 'posted' }
  | { kind: 'refused'; outcome: ChannelOutcome; message: string }
  | { kind: 'later'; pending?: Promise<unknown> };

export class ChannelGateway {
  private readonly deps: ChannelGatewayDeps;
  /** Billing posts still running after their channel was answered (the deadline passed). */
  private readonly background = new Set<Promise<void>>();

  constructor(deps: ChannelGatewayDeps) {
    this.deps = deps;
  }

  /** Waits for the posts still running in the background (shutdown, before the database closes). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  async handle(call: ChannelCall): Promise<ChannelReply> {
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
    if (request.action === 'check') return reply(await this.check(channel, settings, request), request);
    if (request.action === 'status') return reply(this.status(channel, request.txnId), request);
    return reply(await this.pay(channel, settings, request), request);
  }

  private async check(
    channel: ChannelRow,
    settings: ChannelSettings,
    request: Extract<ChannelRequest, { action: 'check' }>,
  ): Promise<ChannelAnswer> {
    const base = { txnId: request.txnId, amountKopecks: request.amountKopecks };
    if (channel.billingConnectionId === null) return { ...base, outcome: 'ok', message: 'OK' };
    const found = await within(
      (async () => this.deps.adapterFor(channel.billingConnectionId!).findAccount(request.account))(),
      Date.now() + settings.deadlineMs,
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

  private async pay(
    channel: ChannelRow,
    settings: ChannelSettings,
    request: Extract<ChannelRequest, { action: 'pay' }>,
  ): Promise<ChannelAnswer> {
    const { txns, inFlight, clock } = this.deps;
    const started = Date.now();
    const existing = txns.find(channel.id, request.txnId);
    if (existing !== undefined) {
      const differs = [
        ...(existing.account === request.account ? [] : ['счёт']),
        ...(existing.amountKopecks === request.amountKopecks ? [] : ['сумма']),
      ];
      if (differs.length > 0)
        return {
          outcome: 'txn_conflict',
          message: `платёж с этим номером уже получен, но ${differs.join(' и ')} другие; новый платёж требует нового номера`,
          txnId: request.txnId,
        };
      if (existing.paymentId !== null) return success(existing, 'duplicate', 'платёж уже принят');
      // Refused before the money was taken (the billing said no): the same refusal again.
      if (existing.refusal !== null || existing.billingState === 'rejected') return refusalAnswer(existing);
      if (inFlight.has(existing.id))
        return {
          outcome: 'in_progress',
          message: 'платёж обрабатывается, повторите позже',
          txnId: request.txnId,
        };
    }
    // Durable first: from this commit on, the transaction is known under (channel, txn_id).
    const id =
      existing?.id ??
      txns.insert(
        {
          channelId: channel.id,
          txnId: request.txnId,
          account: request.account,
          amountKopecks: request.amountKopecks,
          txnDate: request.txnDate,
          paidAt: request.paidAt.toISOString(),
          billingState: channel.billingConnectionId === null ? 'not_needed' : 'received',
        },
        clock.now().toISOString(),
      );
    inFlight.add(id);
    let pending: Promise<unknown> | undefined;
    try {
      let txn = txns.getById(id)!;
      if (txn.billingState === 'received' && channel.billingConnectionId !== null) {
        const decision = await this.askBilling(channel, txn, started + settings.deadlineMs);
        if (decision.kind === 'refused') {
          txns.setRefusal(id, decision.outcome, decision.message, clock.now().toISOString());
          return refusalAnswer(txns.getById(id)!);
        }
        if (decision.kind === 'later') pending = decision.pending;
      }
      txn = txns.getById(id)!;
      const taken = this.take(channel, txn);
      if (taken !== undefined) return taken;
      return success(txns.getById(id)!, 'ok', 'OK');
    } finally {
      if (pending === undefined) {
        inFlight.delete(id);
        if (txns.getById(id)?.billingState === 'received') this.deps.leftForLoop();
      } else {
        // The post goes on after the answer; its result is stored by postToBilling. A failure here
        // (the database closed under it at shutdown) leaves post_in_doubt set: resolved at the next start.
        const settled: Promise<void> = pending
          .then(
            () => undefined,
            (error: unknown) =>
              this.deps.logger.error(
                { err: error, txn: id },
                'a billing post finishing in the background failed',
              ),
          )
          .finally(() => {
            inFlight.delete(id);
            this.background.delete(settled);
            this.deps.leftForLoop();
          });
        this.background.add(settled);
      }
    }
  }

  /** The account check and the post, both inside the deadline. */
  private async askBilling(
    channel: ChannelRow,
    txn: ChannelTxnRow,
    deadline: number,
  ): Promise<BillingDecision> {
    let adapter: BillingAdapter;
    try {
      adapter = this.deps.adapterFor(channel.billingConnectionId!);
    } catch (error) {
      this.deps.logger.error({ err: error, channel: channel.slug }, 'the billing connection cannot be used');
      return { kind: 'later' };
    }
    const found = await within(adapter.findAccount(txn.account), deadline);
    if (!found.settled || 'error' in found) return { kind: 'later' };
    if (!found.value.found)
      return { kind: 'refused', outcome: REFUSALS[found.value.reason], message: found.value.message };
    const post = postToBilling(this.deps, txn, adapter, postComment(channel.slug, txn.txnId));
    const posted = await within(post, deadline);
    if (!posted.settled) return { kind: 'later', pending: post };
    if ('error' in posted) return { kind: 'later' };
    if (posted.value.kind === 'posted') return { kind: 'posted' };
    if (posted.value.kind === 'rejected')
      return { kind: 'refused', outcome: 'forbidden', message: posted.value.message };
    return { kind: 'later' };
  }

  /** The box payment and its receipt, exactly once: (source, txn_id) is its idempotency key. */
  private take(channel: ChannelRow, txn: ChannelTxnRow): ChannelAnswer | undefined {
    const now = () => this.deps.clock.now().toISOString();
    try {
      const { view } = this.deps.payments.accept(
        {
          sourceId: channel.sourceId,
          externalId: txn.txnId,
          account: txn.account,
          amountKopecks: txn.amountKopecks,
          method: 'electronic',
          paidAt: txn.paidAt,
        },
        // Inside the payment's transaction: the payment and the link to it commit together.
        (payment) => this.deps.txns.setPayment(txn.id, payment.id, now()),
      );
      this.deps.txns.setPayment(txn.id, view.payment.id, now());
      return undefined;
    } catch (error) {
      this.deps.logger.error(
        { err: error, channel: channel.slug, txn: txn.id },
        'the channel payment could not be taken',
      );
      // A payment of the source's API under the same external id will not go away by itself; anything
      // else (a busy database) may: the channel should repeat, and the repeat resumes this transaction.
      if (error instanceof PaymentConflictError)
        return {
          outcome: 'internal',
          message: `платёж ${txn.txnId} уже есть в кассе с другими данными`,
          txnId: txn.txnId,
        };
      return { outcome: 'temporary', message: 'внутренняя ошибка кассы, повторите позже', txnId: txn.txnId };
    }
  }
}

function success(txn: ChannelTxnRow, outcome: 'ok' | 'duplicate', message: string): ChannelAnswer {
  return {
    outcome,
    message,
    txnId: txn.txnId,
    boxTxnId: txn.id,
    amountKopecks: txn.amountKopecks,
    registeredAt: new Date(txn.createdAt),
  };
}

function refusalAnswer(txn: ChannelTxnRow): ChannelAnswer {
  return {
    outcome: txn.refusal ?? 'forbidden',
    message: txn.lastError ?? 'платёж отклонён',
    txnId: txn.txnId,
  };
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
