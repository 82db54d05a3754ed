// Translator mode over HTTP with a scripted billing (issue 5): an OSMP channel checks the account,
// posts once, takes the payment once, keeps it when the billing is down or slow, and resolves a lost
// post answer before posting again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganization, createSource } from '../../helpers/api-fixtures.ts';
import { startTestApi, type TestApi } from '../../helpers/api-harness.ts';
import { ChannelBillingFake } from '../../helpers/channel-billing-fake.ts';
import {
  addBillingConnection,
  callChannel,
  createChannel,
  xmlFields,
} from '../../helpers/channel-fixtures.ts';

let api: TestApi;
let billing: ChannelBillingFake;
let sourceId: number;
let connectionId: number;

const PAY = {
  command: 'pay',
  txn_id: '1234567',
  txn_date: '20261122120133',
  account: '49578',
  sum: '340.24',
};

function paymentsOf(externalId: string) {
  return api.deps.stores.payments.findByExternalId(sourceId, externalId);
}

function paymentCount(): number {
  return (api.deps.db.prepare('SELECT count(*) AS n FROM payment').get() as { n: number }).n;
}

function txnRow(txnId: string) {
  return api.deps.db
    .prepare('SELECT id, billing_state, payment_id, post_in_doubt, refusal FROM channel_txn WHERE txn_id = ?')
    .get(txnId) as {
    id: number;
    billing_state: string;
    payment_id: number | null;
    post_in_doubt: number;
    refusal: string | null;
  };
}

beforeEach(async () => {
  billing = new ChannelBillingFake(['49578']);
  api = await startTestApi({ devices: { billingAdapterFor: () => billing } });
  const organizationId = await createOrganization(api);
  sourceId = await createSource(api, organizationId, 'QIWI');
  connectionId = addBillingConnection(api.deps.db);
  await createChannel(api, {
    source_id: sourceId,
    slug: 'qiwi',
    protocol: 'osmp',
    billing_connection_id: connectionId,
    allowed_ips: ['79.142.16.0/20'],
    settings: { deadline_ms: 600, min_amount_kopecks: 100, max_amount_kopecks: 1_500_000 },
  });
});

afterEach(async () => {
  await api.deps.channels.stop();
  await api.close();
});

describe('OSMP channel', () => {
  it('check, then pay: one billing post under the transaction id, one payment, answered with prv_txn', async () => {
    const check = await callChannel(api.app, 'qiwi', {
      command: 'check',
      txn_id: '1234567',
      account: '49578',
      sum: '340.24',
    });
    expect(check.statusCode).toBe(200);
    expect(check.headers['content-type']).toContain('text/xml');
    expect(xmlFields(check.body)).toMatchObject({ osmp_txn_id: '1234567', result: '0', sum: '340.24' });
    expect(billing.posts).toHaveLength(0);

    const pay = await callChannel(api.app, 'qiwi', PAY);
    const answer = xmlFields(pay.body);
    const txn = txnRow('1234567');
    expect(answer).toMatchObject({
      osmp_txn_id: '1234567',
      prv_txn: String(txn.id),
      sum: '340.24',
      result: '0',
    });
    expect(billing.posts).toEqual([
      expect.objectContaining({ idempotencyKey: String(txn.id), account: '49578', amountKopecks: 34_024 }),
    ]);
    expect(txn.billing_state).toBe('posted');
    const payment = paymentsOf('1234567')!;
    expect(payment).toMatchObject({ account: '49578', amountKopecks: 34_024, method: 'electronic' });
    // 12:01:33 Moscow time is 09:01:33 UTC.
    expect(payment.paidAt).toBe('2026-11-22T09:01:33.000Z');
    expect(txn.payment_id).toBe(payment.id);
  });

  it('a repeated pay gets the stored answer: no second post, no second payment', async () => {
    const first = await callChannel(api.app, 'qiwi', PAY);
    const again = await callChannel(api.app, 'qiwi', PAY, { method: 'POST' });
    expect(xmlFields(again.body)).toMatchObject({
      result: '0',
      prv_txn: xmlFields(first.body).prv_txn,
      sum: '340.24',
    });
    expect(billing.posts).toHaveLength(1);
    expect(paymentCount()).toBe(1);
  });

  it('the same txn_id with another amount or account is refused with 300 and nothing is posted', async () => {
    await callChannel(api.app, 'qiwi', PAY);
    for (const changed of [{ sum: '341.00' }, { account: '49579' }]) {
      const response = await callChannel(api.app, 'qiwi', { ...PAY, ...changed });
      const answer = xmlFields(response.body);
      expect(answer.result).toBe('300');
      expect(answer.comment).toMatch(/уже получен/);
    }
    expect(billing.posts).toHaveLength(1);
    expect(paymentCount()).toBe(1);
  });

  it('an account the billing does not know is refused with 5, kept refused on a repeat, and never taken', async () => {
    const pay = { ...PAY, account: '11111' };
    for (let i = 0; i < 2; i++) {
      const answer = xmlFields((await callChannel(api.app, 'qiwi', pay)).body);
      expect(answer.result).toBe('5');
    }
    billing.accounts.set('22222', { inactive: true });
    expect(
      xmlFields((await callChannel(api.app, 'qiwi', { ...PAY, txn_id: '2', account: '22222' })).body).result,
    ).toBe('79');
    expect(billing.posts).toHaveLength(0);
    expect(paymentCount()).toBe(0);
    expect(txnRow('1234567')).toMatchObject({
      billing_state: 'rejected',
      payment_id: null,
      refusal: 'account_not_found',
    });
  });

  it('a post the billing refuses is answered 7 and no payment is taken', async () => {
    billing.refusePosts = true;
    const answer = xmlFields((await callChannel(api.app, 'qiwi', PAY)).body);
    expect(answer.result).toBe('7');
    expect(paymentCount()).toBe(0);
  });

  it('billing down at pay: answered OK within the deadline, payment kept, posted later by the loop exactly once', async () => {
    billing.down = true;
    const started = Date.now();
    const answer = xmlFields((await callChannel(api.app, 'qiwi', PAY)).body);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(answer.result).toBe('0');
    expect(paymentCount()).toBe(1);
    expect(txnRow('1234567').billing_state).toBe('received');

    // Still down: the loop tries, records the error, and waits.
    api.clock.advance(60_000);
    await api.deps.channels.loop.runOnce();
    expect(txnRow('1234567').billing_state).toBe('received');
    billing.down = false;
    expect(await api.deps.channels.loop.runOnce()).toBe(0); // backoff not over
    api.clock.advance(60_000);
    await api.deps.channels.loop.runOnce();
    expect(txnRow('1234567').billing_state).toBe('posted');
    expect(billing.payments.size).toBe(1);
    expect(paymentCount()).toBe(1);
    // A repeat now still answers the same, without a post.
    const posts = billing.posts.length;
    expect(xmlFields((await callChannel(api.app, 'qiwi', PAY)).body).result).toBe('0');
    expect(billing.posts).toHaveLength(posts);
  });

  it('billing slow past the deadline: answered in time, the post in flight finishes in the background, once', async () => {
    billing.postDelayMs = 1_200;
    const started = Date.now();
    const answer = xmlFields((await callChannel(api.app, 'qiwi', PAY)).body);
    expect(Date.now() - started).toBeLessThan(1_100);
    expect(answer.result).toBe('0');
    expect(paymentCount()).toBe(1);
    // A repeat while the post is in flight is the same answer, no second post.
    expect(xmlFields((await callChannel(api.app, 'qiwi', PAY)).body).result).toBe('0');
    await expect.poll(() => txnRow('1234567').billing_state, { timeout: 3_000 }).toBe('posted');
    api.clock.advance(3_600_000);
    expect(await api.deps.channels.loop.runOnce()).toBe(0);
    expect(billing.posts).toHaveLength(1);
  });

  it('a lost post answer is resolved with getPayment before any second post', async () => {
    billing.loseAnswers = 1;
    expect(xmlFields((await callChannel(api.app, 'qiwi', PAY)).body).result).toBe('0');
    const txn = txnRow('1234567');
    expect(txn).toMatchObject({ billing_state: 'received', post_in_doubt: 1 });
    api.clock.advance(60_000);
    await api.deps.channels.loop.runOnce();
    expect(billing.lookups).toEqual([String(txn.id)]);
    expect(billing.posts).toHaveLength(1);
    expect(txnRow('1234567')).toMatchObject({ billing_state: 'posted', post_in_doubt: 0 });
  });

  it('a later refusal by the billing marks the transaction rejected for a person; the payment stands; retry sends it again', async () => {
    billing.down = true;
    await callChannel(api.app, 'qiwi', PAY);
    billing.down = false;
    billing.refusePosts = true;
    api.clock.advance(60_000);
    await api.deps.channels.loop.runOnce();
    const txn = txnRow('1234567');
    expect(txn).toMatchObject({ billing_state: 'rejected', refusal: null });
    expect(txn.payment_id).not.toBeNull();

    const list = await api.asAdmin({ method: 'GET', url: '/api/v1/channels/1/transactions?state=rejected' });
    expect(list.json().items[0]).toMatchObject({
      txn_id: '1234567',
      billing_state: 'rejected',
      last_error: expect.stringMatching(/refused/),
    });

    billing.refusePosts = false;
    const retry = await api.asAdmin({
      method: 'POST',
      url: `/api/v1/channels/1/transactions/${txn.id}/retry`,
    });
    expect(retry.statusCode, retry.body).toBe(200);
    await api.deps.channels.loop.runOnce();
    expect(txnRow('1234567').billing_state).toBe('posted');
  });

  it('the same payment arriving while its first request is still at the billing gets 90, then the stored answer', async () => {
    billing.delayMs = 150;
    const first = callChannel(api.app, 'qiwi', PAY);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const meanwhile = xmlFields((await callChannel(api.app, 'qiwi', PAY)).body);
    expect(meanwhile.result).toBe('90');
    expect(xmlFields((await first).body).result).toBe('0');
    expect(xmlFields((await callChannel(api.app, 'qiwi', PAY)).body).result).toBe('0');
    expect(billing.posts).toHaveLength(1);
    expect(paymentCount()).toBe(1);
  });

  it('a transaction cut off by a crash after its post was sent is resumed by the repeat: getPayment, no second post', async () => {
    // The box stored the transaction, marked the post as sent, the billing recorded it, then the box died.
    const now = api.clock.now().toISOString();
    const id = Number(
      api.deps.db
        .prepare(
          `INSERT INTO channel_txn (channel_id, txn_id, account, amount_kopecks, txn_date, paid_at, billing_state,
             post_in_doubt, attempts, not_before, created_at, updated_at)
           VALUES (1, ?, '49578', 34024, ?, '2026-11-22T09:01:33.000Z', 'received', 1, 1, ?, ?, ?)`,
        )
        .run(PAY.txn_id, PAY.txn_date, now, now, now).lastInsertRowid,
    );
    billing.payments.set(String(id), {
      billingPaymentId: 'B7',
      idempotencyKey: String(id),
      account: '49578',
      amountKopecks: 34_024,
    });
    // Even if the account is gone from the billing by now, what the billing took is not refused.
    billing.accounts.delete('49578');
    // The loop leaves it alone: the channel was never answered, its repeat decides.
    api.clock.advance(60_000);
    expect(await api.deps.channels.loop.runOnce()).toBe(0);

    const answer = xmlFields((await callChannel(api.app, 'qiwi', PAY)).body);
    expect(answer).toMatchObject({ result: '0', prv_txn: String(id) });
    expect(billing.lookups).toEqual([String(id)]);
    expect(billing.posts).toHaveLength(0);
    expect(txnRow(PAY.txn_id)).toMatchObject({ billing_state: 'posted', post_in_doubt: 0 });
    expect(paymentCount()).toBe(1);
  });

  it('check: billing down answers 1, an unknown account 5', async () => {
    billing.down = true;
    expect(
      xmlFields(
        (await callChannel(api.app, 'qiwi', { command: 'check', txn_id: '1', account: '49578' })).body,
      ).result,
    ).toBe('1');
    billing.down = false;
    expect(
      xmlFields((await callChannel(api.app, 'qiwi', { command: 'check', txn_id: '1', account: '777' })).body)
        .result,
    ).toBe('5');
  });

  it('status tells a taken payment, a refused one and an unknown one apart', async () => {
    await callChannel(api.app, 'qiwi', PAY);
    await callChannel(api.app, 'qiwi', { ...PAY, txn_id: '2', account: '1' });
    const status = async (txnId: string) =>
      xmlFields((await callChannel(api.app, 'qiwi', { command: 'status', txn_id: txnId })).body);
    expect(await status('1234567')).toMatchObject({ result: '0', sum: '340.24' });
    expect((await status('2')).result).toBe('5');
    expect((await status('3')).result).toBe('300');
  });

  it('every bad parameter gets the protocol code and a comment naming it', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ ...PAY, command: 'refund' }, '300', /command/],
      [{ ...PAY, txn_id: '12a' }, '300', /txn_id/],
      [{ ...PAY, txn_id: '123456789012345678901' }, '300', /txn_id/],
      [{ ...PAY, account: '' }, '4', /account/],
      [{ ...PAY, sum: '10,45' }, '300', /sum/],
      [{ ...PAY, sum: '0.00' }, '300', /sum/],
      [{ ...PAY, sum: '0.99' }, '241', /sum/],
      [{ ...PAY, sum: '15000.01' }, '242', /sum/],
      [{ ...PAY, txn_date: '20261131120133' }, '300', /txn_date/],
      [{ ...PAY, txn_date: '2026-11-22' }, '300', /txn_date/],
    ];
    for (const [params, code, comment] of cases) {
      const answer = xmlFields((await callChannel(api.app, 'qiwi', params)).body);
      expect(answer.result, JSON.stringify(params)).toBe(code);
      expect(answer.comment).toMatch(comment);
    }
    expect(billing.posts).toHaveLength(0);
    expect(paymentCount()).toBe(0);
  });

  it('a disabled channel answers 8 and takes nothing', async () => {
    await api.asAdmin({ method: 'PATCH', url: '/api/v1/channels/1', payload: { enabled: false } });
    expect(xmlFields((await callChannel(api.app, 'qiwi', PAY)).body).result).toBe('8');
    expect(paymentCount()).toBe(0);
  });

  it('without a billing connection the payment is taken for a receipt only', async () => {
    await api.asAdmin({
      method: 'PATCH',
      url: '/api/v1/channels/1',
      payload: { billing_connection_id: null },
    });
    expect(xmlFields((await callChannel(api.app, 'qiwi', { ...PAY, account: 'any' })).body).result).toBe('0');
    expect(txnRow('1234567').billing_state).toBe('not_needed');
    expect(paymentCount()).toBe(1);
    expect(billing.posts).toHaveLength(0);
  });
});
